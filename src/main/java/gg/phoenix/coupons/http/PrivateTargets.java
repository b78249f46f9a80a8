package gg.phoenix.coupons.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Hosts that name the service's own network: localhost, and literal loopback, private (10/8, 172.16/12,
 * 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10) or unspecified addresses. A name that resolves to
 * such an address later is not caught here: that needs checking where the request is sent.
 */
final class PrivateTargets {

  private PrivateTargets() {
  }

  static boolean named(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return true;
    }
    if (!isLiteralAddress(name)) {
      return false;
    }
    try {
      InetAddress address = InetAddress.getByName(name.startsWith("[") ? name.substring(1, name.length() - 1) : name);
      return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
          || address.isAnyLocalAddress() || (address.getAddress().length == 16 && (address.getAddress()[0] & 0xfe) == 0xfc);
    } catch (UnknownHostException e) {
      return true;
    }
  }

  /** Only literals are looked at: resolving a name here would block the event loop. */
  private static boolean isLiteralAddress(String host) {
    return host.startsWith("[") || host.matches("[0-9.]+") || host.contains(":");
  }
}
