package gg.phoenix.coupons.idempotency;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What of an answer is kept for replay: all but its secrets. A field named {@code secret} or ending in
 * {@code _secret} (a new tenant's secret, a rotated one, a webhook's signing secret), and a console user's
 * {@code invitation_url} (which holds the invitation's token), is shown once, to the first
 * request, and never written to the idempotency store: the replayed answer has it as {@code null} and says so
 * with {@code "secret_withheld": true}.
 */
public final class StoredAnswers {

  public static final String WITHHELD = "secret_withheld";

  private StoredAnswers() {
  }

  public static JsonObject withoutSecrets(JsonObject answer) {
    if (answer == null) {
      return null;
    }
    List<String> secrets = answer.fieldNames().stream().filter(StoredAnswers::isSecret).toList();
    if (secrets.isEmpty()) {
      return answer;
    }
    JsonObject stored = answer.copy();
    secrets.forEach(stored::putNull);
    return stored.put(WITHHELD, true);
  }

  private static boolean isSecret(String field) {
    return field.equals("secret") || field.endsWith("_secret") || field.equals("invitation_url");
  }
}
