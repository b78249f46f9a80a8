package gg.phoenix.coupons.api;

import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IP address literals and ranges (CIDR), parsed without ever asking DNS: a name in a header or in the
 * configuration is refused, never resolved. IPv4-mapped IPv6 addresses ({@code ::ffff:192.0.2.1}) are the IPv4
 * address they carry, so a dual-stack listener and an IPv4 list agree.
 */
public final class IpAddresses {

  /** A network: the address with its host bits cleared, and how many leading bits count. */
  public record Range(byte[] network, int prefixLength) {

    public boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int whole = prefixLength / 8;
      for (int i = 0; i < whole; i++) {
        if (address[i] != network[i]) {
          return false;
        }
      }
      int rest = prefixLength % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xFF << (8 - rest)) & 0xFF;
      return (address[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public String toString() {
      return NetUtil.bytesToIpAddress(network) + "/" + prefixLength;
    }
  }

  private IpAddresses() {
  }

  /**
   * The address of a literal such as {@code 192.0.2.1}, {@code 2001:db8::1} or {@code [2001:db8::1]}, with an
   * optional port ({@code 192.0.2.1:443}, {@code [2001:db8::1]:443}) as some proxies write them; null for
   * anything else (names, {@code unknown}, obfuscated identifiers, garbage).
   */
  public static byte[] parse(String literal) {
    if (literal == null || literal.isEmpty() || literal.length() > 64) {
      return null;
    }
    String text = literal;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0 || (close != text.length() - 1 && !isPort(text, close + 1))) {
        return null;
      }
      text = text.substring(1, close);
    } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0 && text.indexOf('.') > 0) {
      int colon = text.indexOf(':');
      if (!isPort(text, colon)) {
        return null;
      }
      text = text.substring(0, colon);
    }
    if (text.indexOf('%') >= 0) {
      return null; // a zone id names an interface of the sender, not an address of ours to trust or count
    }
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(text);
    return bytes == null ? null : unmapped(bytes);
  }

  /**
   * What one client is counted as, given the canonical text of its address: an IPv4 address itself, an IPv6 address
   * its /64 ({@code 2001:db8:1:2::/64}). One IPv6 host commonly holds a whole /64 (a home's or a cloud server's prefix,
   * privacy addresses within it), so counting addresses one by one would let it take a fresh one for every try; a /64
   * is what one subscriber is given (RFC 6177), as one IPv4 address is. Anything else comes back unchanged.
   */
  public static String countedNetwork(String address) {
    byte[] bytes = address == null || address.indexOf(':') < 0 ? null : parse(address);
    if (bytes == null) {
      return address;
    }
    if (bytes.length == 4) {
      return format(bytes);
    }
    Arrays.fill(bytes, 8, 16, (byte) 0);
    return format(bytes) + "/64";
  }

  /** The canonical text of an address (RFC 5952 for IPv6), for keys and logs. */
  public static String format(byte[] address) {
    return NetUtil.bytesToIpAddress(address);
  }

  /**
   * Comma-separated ranges such as {@code 10.0.0.0/8, 127.0.0.1, ::1/128}; a bare address is a range of one.
   * Empty text is no range at all.
   *
   * @param key the configuration key, named in the error
   */
  public static List<Range> parseRanges(String text, String key) {
    List<Range> ranges = new ArrayList<>();
    for (String part : text.split(",")) {
      String item = part.strip();
      if (!item.isEmpty()) {
        ranges.add(parseRange(item, key));
      }
    }
    return List.copyOf(ranges);
  }

  public static boolean anyContains(List<Range> ranges, byte[] address) {
    for (Range range : ranges) {
      if (range.contains(address)) {
        return true;
      }
    }
    return false;
  }

  private static Range parseRange(String item, String key) {
    int slash = item.indexOf('/');
    String addressText = slash < 0 ? item : item.substring(0, slash);
    byte[] address = addressText.indexOf('%') >= 0 ? null : NetUtil.createByteArrayFromIpAddressString(addressText);
    if (address == null) {
      throw new IllegalArgumentException("Configuration key " + key + " must list IP addresses or CIDR ranges "
          + "(10.0.0.0/8, 2001:db8::/32), comma-separated; got '" + item + "'");
    }
    boolean mapped = address.length == 16 && isMappedV4(address);
    address = unmapped(address);
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String prefixText = item.substring(slash + 1);
      if (!prefixText.matches("\\d{1,3}")) {
        throw badPrefix(key, item, bits);
      }
      prefix = Integer.parseInt(prefixText) - (mapped ? 96 : 0);
      if (prefix < 0 || prefix > bits) {
        throw badPrefix(key, item, bits);
      }
    }
    byte[] network = Arrays.copyOf(address, address.length);
    for (int bit = prefix; bit < bits; bit++) {
      network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return new Range(network, prefix);
  }

  private static IllegalArgumentException badPrefix(String key, String item, int bits) {
    return new IllegalArgumentException("Configuration key " + key + " has a prefix length out of 0-" + bits
        + " in '" + item + "'");
  }

  private static boolean isPort(String text, int colon) {
    if (colon >= text.length() || text.charAt(colon) != ':') {
      return false;
    }
    String port = text.substring(colon + 1);
    return port.matches("\\d{1,5}");
  }

  private static boolean isMappedV4(byte[] address) {
    for (int i = 0; i < 10; i++) {
      if (address[i] != 0) {
        return false;
      }
    }
    return address[10] == (byte) 0xFF && address[11] == (byte) 0xFF;
  }

  private static byte[] unmapped(byte[] address) {
    return address.length == 16 && isMappedV4(address) ? Arrays.copyOfRange(address, 12, 16) : address;
  }
}
