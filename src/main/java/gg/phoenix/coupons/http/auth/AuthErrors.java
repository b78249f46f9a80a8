package gg.phoenix.coupons.http.auth;

import gg.phoenix.coupons.api.ApiError;

/** The answers of failed authentication: 401 when the caller is not proven, 403 when it is but may not. */
public final class AuthErrors {

  static final ApiError MISSING = unauthorized("Authentication required: send a tenant JWT (Authorization: Bearer) or an HMAC signature (X-Tenant-Id, X-Timestamp, X-Signature)");
  static final ApiError BAD_TOKEN = unauthorized("Invalid or expired token");
  static final ApiError BAD_SIGNATURE = unauthorized("Invalid HMAC signature");
  static final ApiError STALE_TIMESTAMP = unauthorized("X-Timestamp is missing, malformed or too far from the server's clock");
  static final ApiError WRONG_TENANT = forbidden("Access denied: credentials are for another tenant");
  static final ApiError TENANT_DISABLED = forbidden("Access denied: tenant is disabled");
  static final ApiError SERVER_ONLY = forbidden("Access denied: this endpoint takes HMAC-signed server requests only");
  public static final ApiError OTHER_USER = forbidden("Access denied: this token may only act for its own user");

  private AuthErrors() {
  }

  private static ApiError unauthorized(String message) {
    return new ApiError(401, "unauthorized", message);
  }

  static ApiError forbidden(String message) {
    return new ApiError(403, "forbidden", message);
  }
}
