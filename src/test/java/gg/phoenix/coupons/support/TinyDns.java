package gg.phoenix.coupons.support;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.dns.AddressResolverOptions;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * A real DNS server over UDP on a free local port, for resolvers pointed at it with {@link #resolverOptions}.
 * Each name answers as its test decides: the addresses for the n-th query of that name (1, 2, ...), A records for
 * A queries and AAAA records for AAAA queries, with a TTL of 0; an unknown name is NXDOMAIN. Every A query is
 * counted, so a test sees how often a name was resolved.
 */
public final class TinyDns implements AutoCloseable {

  private static final int TYPE_A = 1;
  private static final int TYPE_AAAA = 28;

  private final DatagramSocket socket;
  private final int port;
  private final Map<String, IntFunction<List<InetAddress>>> names = new ConcurrentHashMap<>();
  private final Map<String, List<Integer>> queries = new ConcurrentHashMap<>();

  public TinyDns(Vertx vertx) throws Exception {
    socket = vertx.createDatagramSocket();
    socket.handler(this::answer);
    socket.listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
    port = socket.localAddress().port();
  }

  /** Resolver options that ask this server only, cache nothing and know only localhost from a hosts file. */
  public AddressResolverOptions resolverOptions() {
    return new AddressResolverOptions()
        .setServers(List.of("127.0.0.1:" + port))
        .setHostsValue(Buffer.buffer("127.0.0.1 localhost\n::1 localhost\n"))
        .setSearchDomains(List.of())
        .setOptResourceEnabled(false)
        .setCacheMaxTimeToLive(0)
        .setCacheNegativeTimeToLive(0)
        .setQueryTimeout(2000)
        .setMaxQueries(2);
  }

  /** {@code name} (without a trailing dot) answers {@code addressesForQuery.apply(n)} to its n-th A query. */
  public void answer(String name, IntFunction<List<InetAddress>> addressesForQuery) {
    names.put(name.toLowerCase(Locale.ROOT), addressesForQuery);
  }

  /** How many A queries {@code name} has had. */
  public int queries(String name) {
    return queries.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()).size();
  }

  private void answer(DatagramPacket packet) {
    Buffer query = packet.data();
    if (query.length() < 12) {
      return;
    }
    StringBuilder name = new StringBuilder();
    int at = 12;
    for (int length = query.getUnsignedByte(at); length > 0; length = query.getUnsignedByte(at)) {
      name.append(name.isEmpty() ? "" : ".").append(query.getString(at + 1, at + 1 + length));
      at += 1 + length;
    }
    int questionEnd = at + 5;
    int type = query.getUnsignedShort(at + 1);
    String key = name.toString().toLowerCase(Locale.ROOT);
    IntFunction<List<InetAddress>> behaviour = names.get(key);
    int n = 0;
    if (type == TYPE_A) {
      List<Integer> log = queries.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
      log.add(log.size() + 1);
      n = log.size();
    } else {
      n = Math.max(1, queries.getOrDefault(key, List.of()).size());
    }
    List<InetAddress> records = behaviour == null ? List.of() : behaviour.apply(n).stream()
        .filter(a -> type == TYPE_A ? a instanceof Inet4Address : type == TYPE_AAAA && a instanceof Inet6Address).toList();
    Buffer reply = Buffer.buffer()
        .appendUnsignedShort(query.getUnsignedShort(0))
        .appendUnsignedShort(0x8180 | (behaviour == null ? 3 : 0))
        .appendUnsignedShort(1).appendUnsignedShort(records.size()).appendUnsignedShort(0).appendUnsignedShort(0)
        .appendBuffer(query.getBuffer(12, questionEnd));
    for (InetAddress record : records) {
      byte[] bytes = record.getAddress();
      reply.appendUnsignedShort(0xc00c).appendUnsignedShort(bytes.length == 4 ? TYPE_A : TYPE_AAAA).appendUnsignedShort(1)
          .appendInt(0).appendUnsignedShort(bytes.length).appendBytes(bytes);
    }
    socket.send(reply, packet.sender().port(), packet.sender().host());
  }

  @Override
  public void close() throws Exception {
    socket.close().await(10, TimeUnit.SECONDS);
  }
}
