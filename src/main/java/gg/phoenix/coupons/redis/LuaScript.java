package gg.phoenix.coupons.redis;

import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script from the classpath, called by its SHA-1. Redis forgets scripts when it restarts or on
 * SCRIPT FLUSH; a NOSCRIPT answer is met by one EVAL of the source, which runs it and caches it again on
 * the node that owns the keys (so it works on Redis Cluster too, where SCRIPT LOAD could reach another node).
 */
public final class LuaScript {

  private final String source;
  private final String sha;

  private LuaScript(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  public static LuaScript fromClasspath(String path) {
    try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("Missing script " + path);
      }
      return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read script " + path, e);
    }
  }

  public Future<Response> call(RedisAPI redis, List<String> keys, List<String> args) {
    List<String> evalArgs = new ArrayList<>(2 + keys.size() + args.size());
    evalArgs.add(sha);
    evalArgs.add(String.valueOf(keys.size()));
    evalArgs.addAll(keys);
    evalArgs.addAll(args);
    return redis.evalsha(evalArgs).recover(err -> {
      if (err.getMessage() == null || !err.getMessage().startsWith("NOSCRIPT")) {
        return Future.failedFuture(err);
      }
      List<String> withSource = new ArrayList<>(evalArgs);
      withSource.set(0, source);
      return redis.eval(withSource);
    });
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
