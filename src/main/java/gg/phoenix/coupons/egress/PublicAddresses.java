package gg.phoenix.coupons.egress;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Whether an address is on the public internet, after the IANA special-purpose registries. Refused: IPv4
 * this-network (0/8, with 0.0.0.0), private (10/8, 172.16/12, 192.168/16), carrier-grade NAT (100.64/10),
 * loopback (127/8), link-local (169.254/16), IETF protocol assignments (192.0.0/24), documentation, the 6to4
 * relay anycast, benchmarking (198.18/15), multicast and reserved space up to the broadcast address. IPv6 outside
 * global unicast (2000::/3) is refused, which covers unspecified, loopback, IPv4-compatible, unique-local
 * (fc00::/7), link-local, site-local and multicast addresses; so are the IETF protocol block (2001::/23, with
 * Teredo) and the documentation prefixes. Addresses that carry an IPv4 address (IPv4-mapped ::ffff:0:0/96,
 * NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by the IPv4 address they carry.
 */
public final class PublicAddresses {

  /** A prefix of {@code bits} bits. */
  private record Block(byte[] prefix, int bits) {

    boolean contains(byte[] address) {
      if (address.length != prefix.length) {
        return false;
      }
      int whole = bits / 8;
      if (!Arrays.equals(address, 0, whole, prefix, 0, whole)) {
        return false;
      }
      int rest = bits % 8;
      if (rest == 0) {
        return true;
      }
      int mask = (0xff << (8 - rest)) & 0xff;
      return (address[whole] & mask) == (prefix[whole] & mask);
    }
  }

  private static final List<Block> NOT_PUBLIC_V4 = List.of(
      block("0.0.0.0", 8), block("10.0.0.0", 8), block("100.64.0.0", 10), block("127.0.0.0", 8),
      block("169.254.0.0", 16), block("172.16.0.0", 12), block("192.0.0.0", 24), block("192.0.2.0", 24),
      block("192.88.99.0", 24), block("192.168.0.0", 16), block("198.18.0.0", 15), block("198.51.100.0", 24),
      block("203.0.113.0", 24), block("224.0.0.0", 4), block("240.0.0.0", 4));

  private static final Block GLOBAL_UNICAST_V6 = block("2000::", 3);
  private static final List<Block> NOT_PUBLIC_V6 = List.of(
      block("2001::", 23), block("2001:db8::", 32), block("3fff::", 20));

  private static final Block MAPPED_V4 = block("::ffff:0:0", 96);
  private static final Block NAT64 = block("64:ff9b::", 96);
  private static final Block SIX_TO_FOUR = block("2002::", 16);

  private PublicAddresses() {
  }

  public static boolean isPublic(InetAddress address) {
    return isPublic(address.getAddress());
  }

  static boolean isPublic(byte[] address) {
    if (address.length == 4) {
      return NOT_PUBLIC_V4.stream().noneMatch(b -> b.contains(address));
    }
    if (MAPPED_V4.contains(address) || NAT64.contains(address)) {
      return isPublic(Arrays.copyOfRange(address, 12, 16));
    }
    if (SIX_TO_FOUR.contains(address)) {
      return isPublic(Arrays.copyOfRange(address, 2, 6));
    }
    return GLOBAL_UNICAST_V6.contains(address) && NOT_PUBLIC_V6.stream().noneMatch(b -> b.contains(address));
  }

  /** Literals only: getByName does not look anything up for them. */
  private static Block block(String literal, int bits) {
    try {
      byte[] address = InetAddress.getByName(literal).getAddress();
      if (literal.contains(":") && address.length == 4) {
        // the JDK hands back an IPv4-mapped literal as the IPv4 address it carries
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address, 0, mapped, 12, 4);
        address = mapped;
      }
      return new Block(address, bits);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException(literal, e);
    }
  }
}
