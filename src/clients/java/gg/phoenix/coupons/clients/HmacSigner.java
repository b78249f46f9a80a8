package gg.phoenix.coupons.clients;

// >>> clients.md: java hook
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
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
    String query = request.url().encodedQuery();
    String path = request.url().encodedPath() + (query == null ? "" : "?" + query);
    String timestamp = Long.toString(System.currentTimeMillis() / 1000);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update((request.method() + "\n" + path + "\n" + timestamp + "\n").getBytes(StandardCharsets.UTF_8));
      String signature = "hmac-sha256=" + HexFormat.of().formatHex(mac.doFinal(body.readByteArray()));
      return chain.proceed(request.newBuilder().header("X-Tenant-Id", tenantId).header("X-Timestamp", timestamp)
          .header("X-Signature", signature).build());
    } catch (GeneralSecurityException e) {
      throw new IOException("HmacSHA256 is not available", e);
    }
  }
}
// <<< clients.md
