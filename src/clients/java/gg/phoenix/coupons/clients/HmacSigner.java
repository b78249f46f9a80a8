package gg.phoenix.coupons.clients;

// >>> clients.md: java hook
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okio.Buffer;

/** Signs every request of a generated okhttp-gson client as the coupon service's tenantHmac scheme says. */
public final class HmacSigner implements Interceptor {

  private final String tenantId;
  private final SecretKeySpec key;
  private long second;
  private final Set<String> writes = new HashSet<>(); // the writes signed in the current second

  public HmacSigner(String tenantId, String secret) {
    this.tenantId = tenantId;
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"); // the secret's UTF-8 bytes
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    Buffer body = new Buffer();
    if (request.body() != null) {
      request.body().writeTo(body); // the exact bytes that will be sent
    }
    byte[] bytes = body.readByteArray();
    String query = request.url().encodedQuery();
    String path = request.url().encodedPath() + (query == null ? "" : "?" + query);
    boolean read = request.method().equals("GET") || request.method().equals("HEAD");
    while (true) {
      long now = System.currentTimeMillis();
      String timestamp = Long.toString(now / 1000);
      String signature = "hmac-sha256=" + HexFormat.of().formatHex(mac(request.method() + "\n" + path + "\n" + timestamp + "\n", bytes));
      if (read || firstThisSecond(now / 1000, signature)) {
        return chain.proceed(request.newBuilder().header("X-Tenant-Id", tenantId).header("X-Timestamp", timestamp)
            .header("X-Signature", signature).build());
      }
      try { // the same write (a retry) signed again this second is the same signature, refused as a replay
        Thread.sleep(1000 - now % 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting to sign a repeated write");
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

  private byte[] mac(String head, byte[] body) throws IOException {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(head.getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IOException("HmacSHA256 is not available", e);
    }
  }
}
// <<< clients.md
