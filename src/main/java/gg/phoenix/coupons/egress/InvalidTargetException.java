package gg.phoenix.coupons.egress;

/** A target URL or host that cannot be parsed; the message says why, for the server log. */
public class InvalidTargetException extends IllegalArgumentException {

  public InvalidTargetException(String message) {
    super(message);
  }
}
