package gg.phoenix.coupons.http.auth;

import io.vertx.core.http.HttpMethod;

/**
 * A console user's powers, each including the one before: a viewer reads; an editor also changes definitions,
 * codes, batches, revocations and rollbacks; an owner also webhooks and the tenant's console users.
 */
public enum ConsoleRole {
  VIEWER, EDITOR, OWNER;

  /** The role named {@code name} ("viewer", "editor", "owner"), or null. */
  public static ConsoleRole of(String name) {
    for (ConsoleRole role : values()) {
      if (role.wire().equals(name)) {
        return role;
      }
    }
    return null;
  }

  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public boolean includes(ConsoleRole other) {
    return compareTo(other) >= 0;
  }

  /**
   * The least role a console request needs, decided here once for every console route, those added later included:
   * reads need a viewer, changes an editor, changes to webhooks an owner, and anything about console users an owner. {@code path} is the
   * route's path below the console API's base.
   */
  public static ConsoleRole neededFor(HttpMethod method, String path) {
    if (path.equals("/sign-out")) {
      return VIEWER;
    }
    if (path.startsWith("/users")) {
      return OWNER;
    }
    if (method == HttpMethod.GET || method == HttpMethod.HEAD) {
      return VIEWER;
    }
    return path.startsWith("/webhooks") ? OWNER : EDITOR;
  }
}
