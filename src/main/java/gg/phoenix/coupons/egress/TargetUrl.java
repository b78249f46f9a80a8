package gg.phoenix.coupons.egress;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * An absolute http or https URL split as a connection uses it. The host is read from the raw authority (java.net.URI
 * gives no host for forms such as {@code 0x7f.1}), so what is checked is what a URL parser would connect to.
 *
 * @param hostText the host as written in the URL, for the Host header and TLS server name
 * @param requestTarget the path (at least "/") with "?query" when there is one
 */
public record TargetUrl(boolean https, String hostText, TargetHost host, int port, String requestTarget) {

  public static TargetUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidTargetException("not a URI");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new InvalidTargetException("scheme is not http or https");
    }
    String authority = uri.getRawAuthority();
    if (authority == null || authority.isEmpty() || authority.contains("@")) {
      throw new InvalidTargetException("no host, or user info in the URL");
    }
    boolean https = scheme.equals("https");
    int portStart = authority.startsWith("[") ? authority.indexOf(']') + 1 : authority.lastIndexOf(':');
    if (authority.startsWith("[") && portStart == 0) {
      throw new InvalidTargetException("unclosed IPv6 bracket");
    }
    String hostText = portStart < 0 || portStart == authority.length() ? authority : authority.substring(0, portStart);
    String portText = hostText.length() == authority.length() ? "" : authority.substring(hostText.length());
    int port = port(portText, https ? 443 : 80);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    return new TargetUrl(https, hostText, TargetHost.parse(hostText), port, target);
  }

  /** ":8080" gives 8080; "" or ":" the scheme's default. */
  private static int port(String text, int defaultPort) {
    if (text.isEmpty() || text.equals(":")) {
      return defaultPort;
    }
    if (!text.matches(":[0-9]{1,5}")) {
      throw new InvalidTargetException("port is not a number");
    }
    int port = Integer.parseInt(text.substring(1));
    if (port < 1 || port > 65535) {
      throw new InvalidTargetException("port out of range");
    }
    return port;
  }
}
