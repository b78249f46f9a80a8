package gg.phoenix.coupons.egress;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.resolver.NameResolver;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Picks the one address a request to a target goes to. A name is resolved once, with the resolver Vert.x itself
 * uses (its AddressResolverOptions: hosts file, DNS servers); every address it resolves to must be public, or the
 * target is refused, and the caller connects to the address answered here, so a name that resolves elsewhere a
 * moment later (DNS rebinding) changes nothing. With {@code allowPrivate} (local setups, tests) every address is
 * accepted, still resolved here only once.
 */
public final class TargetResolver {

  private final NameResolver resolver;
  private final boolean allowPrivate;

  public TargetResolver(Vertx vertx, boolean allowPrivate) {
    this.resolver = ((VertxInternal) vertx).nameResolver();
    this.allowPrivate = allowPrivate;
  }

  /** The checked address; fails with {@link RefusedTargetException}, or {@link UnknownHostException} for a name that does not resolve. */
  public Future<InetAddress> resolve(TargetHost host) {
    if (!allowPrivate && host.isKnownPrivate()) {
      return Future.failedFuture(new RefusedTargetException("the URL names a non-public address or localhost"));
    }
    if (host.isAddress()) {
      return Future.succeededFuture(host.address());
    }
    Promise<List<InetSocketAddress>> resolved = Promise.promise();
    resolver.resolveAll(host.name(), resolved::handle);
    return resolved.future().compose(found -> choose(host.name(), found));
  }

  private Future<InetAddress> choose(String name, List<InetSocketAddress> found) {
    List<InetAddress> addresses = found.stream().map(InetSocketAddress::getAddress).toList();
    if (addresses.isEmpty()) {
      return Future.failedFuture(new UnknownHostException(name));
    }
    if (!allowPrivate) {
      for (InetAddress address : addresses) {
        if (!PublicAddresses.isPublic(address)) {
          return Future.failedFuture(new RefusedTargetException(name + " resolves to the non-public address " + address.getHostAddress()));
        }
      }
    }
    // IPv4 first, as most hosts reach it; the resolver's own order otherwise
    return Future.succeededFuture(addresses.stream().filter(a -> a instanceof Inet4Address).findFirst().orElse(addresses.get(0)));
  }
}
