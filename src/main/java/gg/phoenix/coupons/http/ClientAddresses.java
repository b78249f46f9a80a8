package gg.phoenix.coupons.http;

import gg.phoenix.coupons.api.IpAddresses;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The one place that says which address a request came from, for lockouts, the admin-token throttle (both count
 * an IPv6 client by its /64: {@link #countedAs}) and the request log. The TCP peer, unless it is one of TRUSTED_PROXIES: then {@code X-Forwarded-For} is read from
 * the right, hop by hop, and the first address that is not a trusted proxy is the client (RFC 7239, section 8.1:
 * only the entries our own proxies appended can be believed; whatever the caller sent sits further left).
 * Several {@code X-Forwarded-For} fields are one list, in order. An entry that is not an IP address stops the
 * walk at the hop that passed it on. With no trusted proxies (the default) no header is read at all.
 */
final class ClientAddresses {

  static final String HEADER = "X-Forwarded-For";
  private static final String CONTEXT_KEY = "clientAddress";
  private static final String UNKNOWN = "unknown";

  private final List<IpAddresses.Range> trustedProxies;

  ClientAddresses(List<IpAddresses.Range> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  /** The client's address in canonical form, worked out once per request. */
  String of(RoutingContext ctx) {
    String known = ctx.get(CONTEXT_KEY);
    if (known != null) {
      return known;
    }
    SocketAddress peer = ctx.request().remoteAddress();
    String address = resolve(peer == null ? null : peer.hostAddress(),
        trustedProxies.isEmpty() ? List.of() : ctx.request().headers().getAll(HEADER));
    ctx.put(CONTEXT_KEY, address);
    return address;
  }

  /**
   * The client as attempts are counted (lookup lockouts, the admin-token throttle): its address, or for IPv6 its /64
   * ({@link IpAddresses#countedNetwork}), so that a host cannot take a new address of its prefix for every try.
   */
  String countedAs(RoutingContext ctx) {
    return IpAddresses.countedNetwork(of(ctx));
  }

  /**
   * Whether the client's request came over TLS: to this listener, or to a trusted proxy, which says so in
   * {@code X-Forwarded-Proto} (from anyone else that header is not believed).
   */
  boolean overTls(RoutingContext ctx) {
    if (ctx.request().isSSL()) {
      return true;
    }
    SocketAddress peer = ctx.request().remoteAddress();
    byte[] nearest = peer == null ? null : IpAddresses.parse(peer.hostAddress());
    return nearest != null && IpAddresses.anyContains(trustedProxies, nearest)
        && "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
  }

  /**
   * @param peer the TCP peer's address as text (null when the connection has none, e.g. a Unix socket)
   * @param forwardedFor the {@code X-Forwarded-For} fields in the order received
   */
  String resolve(String peer, List<String> forwardedFor) {
    byte[] nearest = IpAddresses.parse(peer);
    if (nearest == null) {
      return peer == null || peer.isEmpty() ? UNKNOWN : peer;
    }
    if (!IpAddresses.anyContains(trustedProxies, nearest)) {
      return IpAddresses.format(nearest);
    }
    for (int field = forwardedFor.size() - 1; field >= 0; field--) {
      String[] hops = forwardedFor.get(field).split(",", -1);
      for (int hop = hops.length - 1; hop >= 0; hop--) {
        String entry = hops[hop].strip();
        if (entry.isEmpty()) {
          continue; // empty list elements are allowed and mean nothing (RFC 9110, section 5.6.1)
        }
        byte[] address = IpAddresses.parse(entry);
        if (address == null) {
          return IpAddresses.format(nearest);
        }
        if (!IpAddresses.anyContains(trustedProxies, address)) {
          return IpAddresses.format(address);
        }
        nearest = address;
      }
    }
    // Every hop was one of our proxies: the request started at the leftmost of them.
    return IpAddresses.format(nearest);
  }
}
