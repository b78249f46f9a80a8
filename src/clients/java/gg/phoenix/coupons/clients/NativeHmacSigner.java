package gg.phoenix.coupons.clients;

// >>> clients.md: java native hook
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs every request of a generated native (java.net.http) client, as its request interceptor. */
public final class NativeHmacSigner implements Consumer<HttpRequest.Builder> {

  private final String tenantId;
  private final SecretKeySpec key;
  private long second;
  private final Set<String> writes = new HashSet<>(); // the writes signed in the current second

  public NativeHmacSigner(String tenantId, String secret) {
    this.tenantId = tenantId;
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"); // the secret's UTF-8 bytes
  }

  @Override
  public void accept(HttpRequest.Builder builder) {
    HttpRequest request = builder.build(); // the request as it will be sent, body included
    byte[] body = request.bodyPublisher().map(NativeHmacSigner::bytes).orElse(new byte[0]);
    URI uri = request.uri();
    String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    boolean read = request.method().equals("GET") || request.method().equals("HEAD");
    while (true) {
      long now = System.currentTimeMillis();
      String timestamp = Long.toString(now / 1000);
      String signature = "hmac-sha256=" + HexFormat.of().formatHex(mac(request.method() + "\n" + path + "\n" + timestamp + "\n", body));
      if (read || firstThisSecond(now / 1000, signature)) {
        builder.header("X-Tenant-Id", tenantId).header("X-Timestamp", timestamp).header("X-Signature", signature);
        return;
      }
      try { // the same write (a retry) signed again this second is the same signature, refused as a replay
        Thread.sleep(1000 - now % 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting to sign a repeated write", e);
      }
    }
  }

  private synchronized boolean firstThisSecond(long now, String signature) {
    if (now != second) {
      second = now;
      writes.clear();
    }
    return writes.add(signature);
  }

  private byte[] mac(String head, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(head.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** The bytes a body publisher sends (the generated client's are byte arrays, read at once). */
  private static byte[] bytes(HttpRequest.BodyPublisher publisher) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CompletableFuture<Void> done = new CompletableFuture<>();
    publisher.subscribe(new Flow.Subscriber<>() {
      @Override public void onSubscribe(Flow.Subscription subscription) { subscription.request(Long.MAX_VALUE); }
      @Override public void onNext(ByteBuffer item) { byte[] chunk = new byte[item.remaining()]; item.get(chunk); out.writeBytes(chunk); }
      @Override public void onError(Throwable failure) { done.completeExceptionally(failure); }
      @Override public void onComplete() { done.complete(null); }
    });
    done.orTimeout(10, TimeUnit.SECONDS).join();
    return out.toByteArray();
  }
}
// <<< clients.md
