package gg.phoenix.coupons.bus;

import gg.phoenix.coupons.api.PlayerContext;
import io.vertx.core.json.JsonObject;

/**
 * A validate ({@link Addresses#VALIDATE}): a tenant's code, for the player {@code userId} (null: none named), what the
 * request says of the player ({@code context}, for eligibility rules), and who asks, against whom unknown codes are
 * counted: the credential's kind ({@code credential}), the client's address as counted ({@code client}), and the
 * signature of a signed read ({@code signatureId}, null otherwise), counted once.
 */
public record ValidateRequest(String tenantId, String code, String userId, PlayerContext context, String credential,
                              String client, String signatureId) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(Fields.TENANT_ID, tenantId).put(Fields.CODE, code).put(Fields.USER_ID, userId)
        .put(Fields.CREDENTIAL, credential).put(Fields.CLIENT, client);
    if (!context.isEmpty()) {
      json.put(Fields.CONTEXT, context.toJson());
    }
    return signatureId == null ? json : json.put(Fields.SIGNATURE_ID, signatureId);
  }

  public static ValidateRequest fromJson(JsonObject json) {
    return new ValidateRequest(json.getString(Fields.TENANT_ID), json.getString(Fields.CODE), json.getString(Fields.USER_ID),
        PlayerContext.fromJson(json.getJsonObject(Fields.CONTEXT)), json.getString(Fields.CREDENTIAL),
        json.getString(Fields.CLIENT), json.getString(Fields.SIGNATURE_ID));
  }
}
