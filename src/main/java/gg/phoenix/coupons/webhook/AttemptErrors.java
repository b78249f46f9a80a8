package gg.phoenix.coupons.webhook;

import gg.phoenix.coupons.egress.InvalidTargetException;
import gg.phoenix.coupons.egress.RefusedTargetException;
import io.netty.channel.ConnectTimeoutException;
import io.netty.resolver.dns.DnsNameResolverException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.StreamResetException;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * What a tenant is shown of a failed attempt: a category, never an exception's text, which names hosts, ports and
 * addresses (the server log keeps it). A closed port and a filtered one on a public host read {@code refused} and
 * {@code timeout} as any client on the internet would see them; a private address is {@code refused_target}
 * before anything is sent, whatever is listening there.
 */
final class AttemptErrors {

  static final String TIMEOUT = "timeout";
  static final String REFUSED = "refused";
  static final String TLS_ERROR = "tls_error";
  static final String DNS_ERROR = "dns_error";
  static final String REFUSED_TARGET = "refused_target";
  static final String ERROR = "error";

  private AttemptErrors() {
  }

  /** The category of an answer that did not deliver; null for a 2xx. */
  static String ofStatus(int status) {
    if (status >= 200 && status < 300) {
      return null;
    }
    return status >= 300 && status < 600 ? "http_" + (status / 100) + "xx" : "http_invalid";
  }

  static String of(Throwable err) {
    if (err instanceof RefusedTargetException || err instanceof InvalidTargetException) {
      return REFUSED_TARGET;
    }
    if (causedBy(err, UnknownHostException.class) || causedBy(err, DnsNameResolverException.class)) {
      return DNS_ERROR;
    }
    if (causedBy(err, SSLException.class)) {
      return TLS_ERROR;
    }
    if (err instanceof TimeoutException || err instanceof ConnectTimeoutException) {
      return TIMEOUT;
    }
    if (err instanceof IOException || err instanceof HttpClosedException || err instanceof StreamResetException) {
      return REFUSED;
    }
    return ERROR;
  }

  private static boolean causedBy(Throwable err, Class<? extends Throwable> type) {
    for (Throwable t = err; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
