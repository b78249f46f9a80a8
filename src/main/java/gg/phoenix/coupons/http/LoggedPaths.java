package gg.phoenix.coupons.http;

import java.util.regex.Pattern;

/** Request paths as log lines show them: coupon codes are credentials of a sort, kept to their first characters. */
final class LoggedPaths {

  private static final Pattern CODE_IN_PATH = Pattern.compile("(/(?:validate|redeem)/[^/?]{0,3})[^/?]*");

  private LoggedPaths() {
  }

  static String masked(String path) {
    return path == null ? null : CODE_IN_PATH.matcher(path).replaceAll("$1***");
  }
}
