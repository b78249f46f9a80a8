package gg.phoenix.coupons.bus;

/** Headers a consumer may put on its event-bus reply, read by the HTTP side. */
public final class ReplyHeaders {

  /** The success status to send when it is not the route's default (e.g. 202 for a generation queued as a job). */
  public static final String STATUS = "status";

  private ReplyHeaders() {
  }
}
