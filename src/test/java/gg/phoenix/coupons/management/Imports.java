package gg.phoenix.coupons.management;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Studio;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A studio server's code import: a CSV body of any bytes, signed as it is sent (the signature covers the bytes). */
final class Imports {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  /** Each signed request gets a second of its own, so that no two carry the same signature. */
  private static final AtomicLong SECOND = new AtomicLong(System.currentTimeMillis() / 1000 - 60);

  private Imports() {
  }

  /** POSTs {@code csv} to the import of {@code definitionId}, signed with {@code secret}, with extra headers as name, value... */
  static Api.Response send(Api api, Studio as, String definitionId, String query, byte[] csv, String secret, String... headers) {
    String path = as.path("/definitions/" + definitionId + "/coupons/import") + query;
    String ts = String.valueOf(SECOND.incrementAndGet());
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.base() + path))
        .POST(HttpRequest.BodyPublishers.ofByteArray(csv))
        .header("Content-Type", "text/csv")
        .header("X-Tenant-Id", as.tenantId)
        .header("X-Timestamp", ts)
        .header("X-Signature", sign(secret, "POST\n" + path + "\n" + ts + "\n", csv));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      request.setHeader(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Api.Response(r.statusCode(), r.body(), r.headers());
    } catch (IOException e) {
      return new Api.Response(-1, e.toString(), null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static byte[] csv(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String sign(String secret, String head, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(head.getBytes(StandardCharsets.UTF_8));
      return "hmac-sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
