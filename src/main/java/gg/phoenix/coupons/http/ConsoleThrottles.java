package gg.phoenix.coupons.http;

import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.http.auth.FailureThrottle;

/**
 * Wrong console passwords, counted per client address and per account, once per process (every HTTP verticle
 * instance shares them): CONSOLE_LOGIN_FAILURE_LIMIT in a row, then 429 with Retry-After.
 */
public record ConsoleThrottles(FailureThrottle addresses, FailureThrottle accounts) {

  public static ConsoleThrottles from(ServiceConfig.Console console) {
    return new ConsoleThrottles(
        new FailureThrottle(console.loginFailureLimit(), console.loginFailureWindowSeconds(),
            "Too many failed sign-ins from this address"),
        new FailureThrottle(console.loginFailureLimit(), console.loginFailureWindowSeconds(),
            "Too many failed sign-ins to this account"));
  }
}
