package gg.phoenix.coupons.egress;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The host of a target URL as a connection sees it: an IP address, or a DNS name to resolve. IPv4 is read as the
 * WHATWG URL standard and inet_aton read it, so {@code 2130706433}, {@code 0x7f.1}, {@code 017700000001} and
 * {@code 127.1} are all 127.0.0.1; a host whose last label is a number but is no valid address is refused rather
 * than looked up. IPv6 comes in brackets, without a zone. {@code localhost} and names under it are loopback by
 * definition (RFC 6761) whatever a resolver says.
 *
 * @param name the DNS name to resolve as written (a trailing dot kept), or null for an address
 * @param address the address, or null for a name
 */
public record TargetHost(String name, InetAddress address) {

  private static final int MAX_NAME_LENGTH = 253;

  public static TargetHost parse(String host) {
    if (host == null || host.isEmpty()) {
      throw new InvalidTargetException("no host");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      return new TargetHost(null, ipv6(host.substring(1, host.length() - 1)));
    }
    String lower = host.toLowerCase(Locale.ROOT);
    if (!lower.matches("[a-z0-9._-]+") || lower.length() > MAX_NAME_LENGTH + 1) {
      throw new InvalidTargetException("host has characters a host name cannot have");
    }
    List<String> labels = new ArrayList<>(List.of(lower.split("\\.", -1)));
    if (labels.size() > 1 && labels.get(labels.size() - 1).isEmpty()) {
      labels.remove(labels.size() - 1);
    }
    if (endsInNumber(labels)) {
      return new TargetHost(null, ipv4(labels));
    }
    if (labels.stream().anyMatch(label -> label.isEmpty() || label.length() > 63)) {
      throw new InvalidTargetException("host has an empty or over-long label");
    }
    return new TargetHost(lower, null);
  }

  public boolean isAddress() {
    return address != null;
  }

  /** localhost, or a name under it: loopback without asking a resolver. */
  public boolean isLocalhostName() {
    if (name == null) {
      return false;
    }
    String bare = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return bare.equals("localhost") || bare.endsWith(".localhost");
  }

  /** An address outside the public internet, or localhost: known without resolving anything. */
  public boolean isKnownPrivate() {
    return isLocalhostName() || (address != null && !PublicAddresses.isPublic(address));
  }

  private static boolean endsInNumber(List<String> labels) {
    String last = labels.get(labels.size() - 1);
    return !last.isEmpty() && (last.matches("[0-9]+") || last.matches("0x[0-9a-f]*"));
  }

  /** The WHATWG IPv4 parser: up to four parts, each decimal, 0x-hex or 0-octal; the last fills the remaining bytes. */
  private static InetAddress ipv4(List<String> parts) {
    if (parts.size() > 4) {
      throw new InvalidTargetException("IPv4 host has more than four parts");
    }
    long value = 0;
    for (int i = 0; i < parts.size(); i++) {
      long part = ipv4Number(parts.get(i));
      boolean last = i == parts.size() - 1;
      long limit = last ? 1L << (8 * (5 - parts.size())) : 256;
      if (part >= limit) {
        throw new InvalidTargetException("IPv4 host part out of range");
      }
      value = last ? value + part : value + (part << (8 * (3 - i)));
    }
    byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static long ipv4Number(String part) {
    String digits = part;
    int radix = 10;
    if (part.startsWith("0x")) {
      digits = part.substring(2);
      radix = 16;
    } else if (part.length() > 1 && part.startsWith("0")) {
      digits = part.substring(1);
      radix = 8;
    }
    if (digits.isEmpty()) {
      return 0;
    }
    // 12 digits of any radix stay below Long.MAX_VALUE and above every valid part
    if (digits.length() > 12 || !digits.matches("[0-9a-f]+")) {
      throw new InvalidTargetException("IPv4 host part is not a number");
    }
    try {
      return Long.parseLong(digits, radix);
    } catch (NumberFormatException e) {
      throw new InvalidTargetException("IPv4 host part is not a number");
    }
  }

  private static InetAddress ipv6(String literal) {
    if (!literal.matches("[0-9A-Fa-f:.]+") || !literal.contains(":")) {
      throw new InvalidTargetException("bracketed host is not an IPv6 address");
    }
    try {
      // a literal of these characters is parsed, never looked up
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new InvalidTargetException("bracketed host is not an IPv6 address");
    }
  }
}
