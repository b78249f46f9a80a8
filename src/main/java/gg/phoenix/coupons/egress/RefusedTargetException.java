package gg.phoenix.coupons.egress;

import io.vertx.core.VertxException;

/** The target is, or resolves to, an address the service may not reach. The message, for the server log, says which. */
public class RefusedTargetException extends VertxException {

  public RefusedTargetException(String message) {
    super(message, true);
  }
}
