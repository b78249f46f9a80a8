package gg.phoenix.coupons.http;

import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Malformed;
import gg.phoenix.coupons.support.Malformed.Value;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The malformed input {@link MalformedInputTest} throws at the service: every endpoint with a valid request and
 * the ways to break it (credentials, path parameters, bodies, single fields), methods no route takes, odd query
 * strings, and seeded random mixes. The data the valid requests name (tenants, a coupon, a definition, a job, a
 * webhook, a redemption) is seeded by {@link #seed}; the same seed gives the same cases.
 */
final class MalformedCatalogue {

  static final String ADMIN_TOKEN = "fuzz-admin-" + Seed.uniqueId("t");
  static final int BODY_LIMIT = 65_536;

  /** What a case may get back besides a 4xx: READ endpoints may also answer 200 for odd-but-legal input. */
  enum Expect { REJECT, READ }

  /** Adds credentials for the exact bytes sent. */
  interface Signer {
    List<String[]> headers(String method, String target, byte[] body);
  }

  record Case(String label, String method, String target, Signer signer, byte[] body, boolean chunked, Expect expect) {
  }

  /** One endpoint: its template (placeholders in braces), a valid body, how it authenticates, and its body fields. */
  record Endpoint(String name, String method, String template, String body, Kind kind, Expect pathExpect, List<Field> fields) {
  }

  enum Kind { TENANT, SERVER_ONLY, ADMIN }

  /** A body field (dotted path into the body) and the values that break it. */
  record Field(String path, boolean required, List<Value> breakers) {
  }


  private final long seed;
  private final Seed.Tenant tenant;
  private final Seed.Tenant other;
  private final Seed.Tenant disabled;
  /** The tenant the admin endpoints are aimed at. */
  private final Seed.Tenant target;
  private final Map<String, String> valid;

  private MalformedCatalogue(long seed, Seed.Tenant tenant, Seed.Tenant other, Seed.Tenant disabled, Seed.Tenant target,
                             Map<String, String> valid) {
    this.seed = seed;
    this.tenant = tenant;
    this.other = other;
    this.disabled = disabled;
    this.target = target;
    this.valid = valid;
  }

  /** Seeds the tenants and rows the valid requests name; the cases come from {@code seed}. */
  static MalformedCatalogue seed(long seed) {
    Map<String, String> valid = new LinkedHashMap<>();
    Seed.Tenant tenant = Seed.tenant(Seed.uniqueId("fuzz"), HexFormat.of().formatHex(new byte[32]).replace('0', 'k'));
    Seed.Tenant other = Seed.tenant(Seed.uniqueId("fuzz"), "other-secret-" + Seed.uniqueId("s"));
    Seed.Tenant disabled = Seed.tenant(Seed.uniqueId("fuzz"), "disabled-secret-" + Seed.uniqueId("s"));
    Seed.Tenant target = Seed.tenant(Seed.uniqueId("fuzz"), "target-secret-" + Seed.uniqueId("s"));
    Seed.update("UPDATE tenants SET status = 'disabled' WHERE id = ?", disabled.id());
    UUID item = Seed.rewardItem(tenant.id());
    UUID definition = Seed.definition(tenant.id(), item, DefinitionSpec.singleUse());
    String code = Seed.uniqueCode("FUZZ");
    UUID coupon = Seed.coupon(tenant.id(), definition, "player-1", code);
    UUID used = Seed.coupon(tenant.id(), definition, "player-2", Seed.uniqueCode("USED"));
    Seed.update("UPDATE coupons SET status = 'redeemed', redemption_count = 1, redeemed_at = now() WHERE id = ?", used);
    Object redemption = Seed.scalar("INSERT INTO redemptions (tenant_id, coupon_id, definition_id, user_id) VALUES (?, ?, ?, 'player-2')"
        + " RETURNING id", tenant.id(), used, definition);
    // A finished job: a queued or running one would be run by the service, changing rows while the fuzz compares them.
    Object job = Seed.scalar("INSERT INTO generation_jobs (tenant_id, definition_id, total, done, status, finished_at)"
        + " VALUES (?, ?, 10, 10, 'done', now()) RETURNING id", tenant.id(), definition);
    Object webhook = Seed.webhook(tenant.id(), "http://127.0.0.1:1/hook");
    valid.put("tenant", tenant.id());
    valid.put("user", "player-1");
    valid.put("coupon_id", coupon.toString());
    valid.put("code", code);
    valid.put("def", definition.toString());
    valid.put("job", job.toString());
    valid.put("webhook", webhook.toString());
    valid.put("redemption", redemption.toString());
    valid.put("tid", target.id());
    valid.put("item", item.toString());
    return new MalformedCatalogue(seed, tenant, other, disabled, target, valid);
  }

  /** The tenants whose rows a case must leave as they were. */
  List<String> tenantIds() {
    return List.of(tenant.id(), other.id(), disabled.id(), target.id());
  }

  /**
   * Every case, grouped by the endpoint it is aimed at (its label up to " | "); the methods no route takes form a
   * group of their own.
   */
  Map<String, List<Case>> casesByEndpoint() {
    Map<String, List<Case>> groups = new LinkedHashMap<>();
    for (Case c : cases(new Malformed(seed))) {
      String group = c.label().contains(" | ") ? c.label().substring(0, c.label().indexOf(" | ")) : "methods no route takes";
      groups.computeIfAbsent(group, g -> new ArrayList<>()).add(c);
    }
    return groups;
  }

  // ---------------------------------------------------------------------------------------------------
  // The endpoints and their valid requests

  List<Endpoint> endpoints() {
    String q = "/v1/coupons/{tenant}";
    List<Value> uuidish = List.of(new Value("not a uuid", "\"nope\""), new Value("number", "7"), new Value("array", "[]"),
        new Value("null", "null"), new Value("other tenant's or unknown uuid", "\"" + UUID.nameUUIDFromBytes(new byte[] {1}) + "\""));
    List<Value> notObject = List.of(new Value("array", "[]"), new Value("string", "\"{}\""), new Value("number", "1"),
        new Value("boolean", "true"));
    List<Value> notBoolean = List.of(new Value("string", "\"true\""), new Value("number", "1"), new Value("array", "[true]"));
    return List.of(
        new Endpoint("definitions", "GET", q + "/definitions", null, Kind.TENANT, Expect.READ, List.of()),
        new Endpoint("user coupons", "GET", q + "/user/{user}", null, Kind.TENANT, Expect.READ, List.of()),
        new Endpoint("one coupon", "GET", q + "/user/{user}/{coupon_id}", null, Kind.TENANT, Expect.READ, List.of()),
        new Endpoint("validate", "GET", q + "/validate/{code}?user_id={user}", null, Kind.TENANT, Expect.READ, List.of()),
        new Endpoint("redeem", "POST", q + "/redeem/{code}", "{\"user_id\": \"player-1\"}", Kind.TENANT, Expect.REJECT,
            List.of(required("user_id", 255))),
        new Endpoint("redemptions", "GET", q + "/user/{user}/redemptions?limit=10", null, Kind.TENANT, Expect.READ, List.of()),
        new Endpoint("reward-items create", "POST", q + "/reward-items",
            "{\"name\": \"Gems\", \"description\": \"d\", \"reward_type\": \"points\", \"payload\": {\"amount\": 1}}",
            Kind.SERVER_ONLY, Expect.REJECT, List.of(required("name", 200), optional("description", 2000),
                required("reward_type", 64), new Field("payload", false, concat(notObject, List.of(
                    new Value("NUL in payload", "{\"a\": \"\\u0000\"}"), new Value("NUL key", "{\"\\u0000\": 1}")))))),
        new Endpoint("reward-items list", "GET", q + "/reward-items", null, Kind.SERVER_ONLY, Expect.READ, List.of()),
        new Endpoint("definition create", "POST", q + "/definitions",
            "{\"name\": \"Fuzz\", \"description\": \"d\", \"starts_at\": \"2025-01-01T00:00:00Z\", \"expires_at\": \"2099-01-01T00:00:00Z\","
                + " \"config\": {\"reward_item_id\": \"{item}\", \"code_format\": \"random\", \"code_prefix\": \"FZ\", \"code_length\": 8,"
                + " \"case_sensitive\": false, \"coupon_type\": \"reward\", \"usage_limit\": {\"limit_type\": \"per_user\", \"max_uses\": 1,"
                + " \"max_total_uses\": 10}}}",
            Kind.SERVER_ONLY, Expect.REJECT, List.of(required("name", 200), optional("description", 2000),
                new Field("starts_at", false, Malformed.badTimestamps()), new Field("expires_at", false, Malformed.badTimestamps()),
                new Field("config", true, concat(notObject, List.of(new Value("null", "null")))),
                new Field("config.reward_item_id", true, uuidish),
                new Field("config.code_format", false, concat(Malformed.notStrings(), List.of(new Value("unknown", "\"qr\"")))),
                new Field("config.code_prefix", false, concat(Malformed.notStrings(), Malformed.badStrings(32),
                    List.of(new Value("slash", "\"A/B\""), new Value("emoji", "\"\uD83C\uDF81\"")))),
                new Field("config.code_length", false, Malformed.badNumbers()),
                new Field("config.case_sensitive", false, notBoolean),
                new Field("config.coupon_type", false, concat(Malformed.notStrings(), Malformed.badStrings(64))),
                new Field("config.usage_limit", false, notObject),
                new Field("config.usage_limit.limit_type", true, concat(Malformed.notStrings(), List.of(new Value("null", "null"),
                    new Value("unknown", "\"per_player\"")))),
                new Field("config.usage_limit.max_uses", true, concat(Malformed.badNumbers(), List.of(new Value("null", "null"),
                    new Value("over 1e9", "1000000001")))),
                new Field("config.usage_limit.max_total_uses", false, Malformed.badNumbers()))),
        new Endpoint("definition get", "GET", q + "/definitions/{def}", null, Kind.SERVER_ONLY, Expect.READ, List.of()),
        new Endpoint("definition patch", "PATCH", q + "/definitions/{def}", "{\"name\": \"Renamed\"}", Kind.SERVER_ONLY, Expect.REJECT,
            List.of(new Field("name", true, concat(Malformed.notStrings(), Malformed.badStrings(200),
                List.of(new Value("blank", "\"  \""), new Value("null", "null")))),
                new Field("status", false, List.of(new Value("unknown", "\"deleted\""), new Value("upper case", "\"ACTIVE\""),
                    new Value("number", "1"))),
                new Field("expires_at", false, Malformed.badTimestamps()))),
        new Endpoint("generate coupons", "POST", q + "/definitions/{def}/coupons", "{\"count\": 1}", Kind.SERVER_ONLY, Expect.REJECT,
            List.of(new Field("count", true, concat(Malformed.badNumbers(), List.of(new Value("null", "null"),
                    new Value("over 1e6", "1000001")))),
                new Field("user_ids", false, List.of(new Value("empty list", "[]"), new Value("numbers", "[1, 2]"),
                    new Value("blank id", "[\" \"]"), new Value("null inside", "[null]"), new Value("long id", "[\"" + "u".repeat(256) + "\"]"),
                    new Value("object", "{}"), new Value("string", "\"u1\""))),
                new Field("starts_at", false, Malformed.badTimestamps()),
                new Field("expires_at", false, Malformed.badTimestamps()))),
        new Endpoint("export", "GET", q + "/definitions/{def}/coupons/export", null, Kind.SERVER_ONLY, Expect.READ, List.of()),
        new Endpoint("revoke", "POST", q + "/coupons/{coupon_id}/revoke", null, Kind.SERVER_ONLY, Expect.REJECT, List.of()),
        new Endpoint("job", "GET", q + "/jobs/{job}", null, Kind.SERVER_ONLY, Expect.READ, List.of()),
        new Endpoint("webhook create", "POST", q + "/webhooks",
            "{\"url\": \"https://example.invalid/hook\", \"event_types\": [\"coupon.redeemed\"]}", Kind.SERVER_ONLY, Expect.REJECT,
            List.of(new Field("url", true, concat(Malformed.notStrings(), Malformed.badStrings(2048), List.of(new Value("null", "null"),
                    new Value("ftp", "\"ftp://example.invalid/\""), new Value("relative", "\"/hook\""), new Value("no host", "\"http:///x\""),
                    new Value("user info", "\"http://u:p@example.invalid/\""), new Value("fragment", "\"http://example.invalid/#x\""),
                    new Value("spaces", "\"http://exa mple.invalid/\""), new Value("javascript", "\"javascript:alert(1)\"")))),
                new Field("event_types", true, List.of(new Value("empty", "[]"), new Value("unknown", "[\"coupon.eaten\"]"),
                    new Value("string", "\"coupon.redeemed\""), new Value("numbers", "[1]"), new Value("null", "null"),
                    new Value("null inside", "[null]"))))),
        new Endpoint("webhook list", "GET", q + "/webhooks", null, Kind.SERVER_ONLY, Expect.READ, List.of()),
        new Endpoint("webhook delete", "DELETE", q + "/webhooks/{webhook}", null, Kind.SERVER_ONLY, Expect.REJECT, List.of()),
        // its body is optional: an empty one is a valid rotation, so only credentials and the path are broken here
        new Endpoint("webhook rotate secret", "POST", q + "/webhooks/{webhook}/secret/rotate", null, Kind.SERVER_ONLY, Expect.REJECT,
            List.of()),
        new Endpoint("webhook deliveries", "GET", q + "/webhooks/{webhook}/deliveries?limit=5", null, Kind.SERVER_ONLY, Expect.READ,
            List.of()),
        new Endpoint("rollback", "POST", q + "/redemptions/{redemption}/rollback", "{\"reason\": \"grant failed\"}", Kind.SERVER_ONLY,
            Expect.REJECT, List.of(required("reason", 500))),
        new Endpoint("admin tenant create", "POST", "/v1/admin/tenants", "{\"id\": \"{newtenant}\", \"name\": \"New\"}", Kind.ADMIN,
            Expect.REJECT, List.of(new Field("id", true, concat(Malformed.notStrings(), Malformed.badStrings(63), List.of(
                    new Value("null", "null"), new Value("upper case", "\"ABC\""), new Value("one char", "\"a\""),
                    new Value("slash", "\"a/b\""), new Value("unicode", "\"t\u00e9\""), new Value("existing", "\"" + "{tid}" + "\"")))),
                required("name", 200))),
        new Endpoint("admin tenant get", "GET", "/v1/admin/tenants/{tid}", null, Kind.ADMIN, Expect.READ, List.of()),
        new Endpoint("admin tenant rotate", "POST", "/v1/admin/tenants/{tid}/secret/rotate", null, Kind.ADMIN, Expect.REJECT, List.of()),
        new Endpoint("admin tenant patch", "PATCH", "/v1/admin/tenants/{tid}", "{\"status\": \"active\"}", Kind.ADMIN, Expect.REJECT,
            List.of(new Field("status", true, concat(Malformed.notStrings(), List.of(new Value("null", "null"),
                new Value("unknown", "\"paused\""), new Value("upper case", "\"DISABLED\"")))))));
  }

  private Field required(String path, int maxLength) {
    return new Field(path, true, concat(Malformed.notStrings(), Malformed.badStrings(maxLength),
        List.of(new Value("null", "null"), new Value("empty", "\"\""), new Value("blank", "\"   \""))));
  }

  private Field optional(String path, int maxLength) {
    return new Field(path, false, concat(Malformed.notStrings(), Malformed.badStrings(maxLength)));
  }

  @SafeVarargs
  private static List<Value> concat(List<Value>... lists) {
    List<Value> all = new ArrayList<>();
    for (List<Value> list : lists) {
      all.addAll(list);
    }
    return all;
  }

  // ---------------------------------------------------------------------------------------------------
  // The cases

  private List<Case> cases(Malformed gen) {
    List<Case> cases = new ArrayList<>();
    int[] serial = {0};
    for (Endpoint e : endpoints()) {
      String target = fill(e.template(), Map.of());
      byte[] body = e.body() == null ? null : fill(e.body(), Map.of()).getBytes(StandardCharsets.UTF_8);
      // 1. broken credentials on an otherwise valid request: refused, whatever the request would do
      for (Map.Entry<String, Signer> auth : brokenAuth(e.kind()).entrySet()) {
        cases.add(new Case(e.name() + " | auth: " + auth.getKey(), e.method(), target, auth.getValue(), body, false, Expect.REJECT));
      }
      // 2. every path parameter replaced by a malformed or unknown value
      Matcher params = Pattern.compile("\\{(\\w+)}").matcher(e.template());
      while (params.find()) {
        String param = params.group(1);
        List<Value> values = param.equals("tenant") || param.equals("user") || param.equals("code") || param.equals("tid")
            ? Malformed.pathSegments() : concat(Malformed.uuids(), Malformed.pathSegments());
        for (Value v : values) {
          Map<String, String> over = new LinkedHashMap<>();
          over.put(param, v.text());
          String player = "fuzz-player-" + serial[0]++;
          if (!param.equals("user")) {
            over.put("user", player); // unknown codes count against a player: a fresh one per case keeps clear of the 429
          }
          String caseBody = e.name().equals("redeem") ? "{\"user_id\": \"" + player + "\"}" : e.body();
          cases.add(new Case(e.name() + " | path " + param + ": " + v.label(), e.method(), fill(e.template(), over), signer(e.kind()),
              caseBody == null ? null : fill(caseBody, Map.of()).getBytes(StandardCharsets.UTF_8), false,
              param.equals("tenant") ? Expect.REJECT : e.pathExpect()));
        }
      }
      if (e.body() == null) {
        continue;
      }
      // 3. bodies that are no JSON object, too large, or break one field
      for (Value v : Malformed.brokenJson()) {
        cases.add(new Case(e.name() + " | body: " + v.label(), e.method(), target, signer(e.kind()),
            v.text().getBytes(StandardCharsets.UTF_8), false, Expect.REJECT));
      }
      cases.add(new Case(e.name() + " | body: invalid utf-8", e.method(), target, signer(e.kind()),
          new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'}, false, Expect.REJECT));
      String padded = "{\"pad\": \"" + "x".repeat(BODY_LIMIT + 10) + "\", " + fill(e.body(), Map.of()).substring(1);
      cases.add(new Case(e.name() + " | body: over BODY_LIMIT_BYTES", e.method(), target, signer(e.kind()),
          padded.getBytes(StandardCharsets.UTF_8), false, Expect.REJECT));
      cases.add(new Case(e.name() + " | body: over BODY_LIMIT_BYTES, chunked", e.method(), target, signer(e.kind()),
          padded.getBytes(StandardCharsets.UTF_8), true, Expect.REJECT));
      for (Field f : e.fields()) {
        if (f.required()) {
          cases.add(new Case(e.name() + " | field " + f.path() + ": missing", e.method(), target, signer(e.kind()),
              withField(fill(e.body(), Map.of()), f.path(), null), false, Expect.REJECT));
        }
        for (Value v : f.breakers()) {
          cases.add(new Case(e.name() + " | field " + f.path() + ": " + v.label(), e.method(), target, signer(e.kind()),
              withField(fill(e.body(), Map.of()), f.path(), fill(v.text(), Map.of())), false, Expect.REJECT));
        }
      }
    }
    // 4. methods no route takes
    for (String path : List.of("/redeem/{code}", "/validate/{code}", "/definitions/{def}", "/webhooks")) {
      for (String method : List.of("PUT", "DELETE", "OPTIONS", "TRACE", "FOO")) {
        cases.add(new Case("method " + method + " " + path, method, fill("/v1/coupons/{tenant}" + path, Map.of()), signer(Kind.TENANT),
            null, false, Expect.REJECT));
      }
    }
    // 5. query strings
    for (String limit : List.of("0", "-1", "abc", "1.5", "", "1e3", "%00", "%F0%9F%8E%81", "0x10", "1%200", "+5")) {
      cases.add(new Case("redemptions | query limit=" + limit, "GET", fill("/v1/coupons/{tenant}/user/{user}/redemptions?limit=" + limit,
          Map.of()), signer(Kind.TENANT), null, false, Expect.REJECT));
      cases.add(new Case("webhook deliveries | query limit=" + limit, "GET",
          fill("/v1/coupons/{tenant}/webhooks/{webhook}/deliveries?limit=" + limit, Map.of()), signer(Kind.SERVER_ONLY), null, false,
          Expect.REJECT));
    }
    for (Value v : Malformed.pathSegments()) {
      cases.add(new Case("validate | query user_id: " + v.label(), "GET", fill("/v1/coupons/{tenant}/validate/{code}?user_id=" + v.text(),
          Map.of()), signer(Kind.TENANT), null, false, Expect.READ));
    }
    // 6. seeded random mixes: random endpoint, random segments and JSON soup, sometimes broken credentials
    List<Endpoint> all = endpoints();
    for (int i = 0; i < 400; i++) {
      Endpoint e = gen.pick(all);
      Map<String, String> over = new LinkedHashMap<>();
      Matcher params = Pattern.compile("\\{(\\w+)}").matcher(e.template());
      boolean broken = false;
      while (params.find()) {
        if (gen.random().nextInt(3) == 0 && !params.group(1).equals("tenant")) {
          over.put(params.group(1), percentEncode(gen.unicode(1 + gen.random().nextInt(40))));
          broken = true;
        }
      }
      over.putIfAbsent("user", "fuzz-mix-" + i);
      String body = e.body() == null ? null : soup(gen);
      broken |= body != null;
      Map<String, Signer> auths = brokenAuth(e.kind());
      String authLabel = "valid";
      Signer signer = signer(e.kind());
      if (!broken || gen.random().nextInt(4) == 0) {
        authLabel = gen.pick(new ArrayList<>(auths.keySet()));
        signer = auths.get(authLabel);
        broken = true;
      }
      cases.add(new Case(e.name() + " | mix " + i + " (auth " + authLabel + ", params " + over.keySet() + ")", e.method(),
          fill(e.template(), over), signer, body == null ? null : body.getBytes(StandardCharsets.UTF_8), false,
          e.body() == null && !authLabel.equals("valid") ? Expect.REJECT : e.pathExpect() == Expect.READ && authLabel.equals("valid")
              ? Expect.READ : Expect.REJECT));
    }
    return cases;
  }

  /** Random JSON-ish text from fragments and Unicode: almost never a JSON object, never one with the right fields. */
  private String soup(Malformed gen) {
    List<String> tokens = List.of("{", "}", "[", "]", ":", ",", "\"", "null", "true", "-0", "1e999", "\"k\"", "\\u0000", "\\",
        "\"\\ud800\"", " ", "\"v\"", "{\"x\":", "9".repeat(30));
    StringBuilder text = new StringBuilder(gen.random().nextBoolean() ? "{" : "");
    int n = gen.random().nextInt(30);
    for (int i = 0; i < n; i++) {
      text.append(gen.random().nextInt(5) == 0 ? gen.unicode(1 + gen.random().nextInt(5)) : gen.pick(tokens));
    }
    return text.toString();
  }

  private String percentEncode(String text) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      out.append('%').append(String.format("%02X", b & 0xFF));
    }
    return out.toString();
  }

  /** The template with the fixture's values, {@code over} taking precedence. */
  private String fill(String template, Map<String, String> over) {
    Matcher m = Pattern.compile("\\{(\\w+)}").matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = over.containsKey(name) ? over.get(name)
          : name.equals("newtenant") ? Seed.uniqueId("fuzz-new") : valid.get(name);
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The body with the field at {@code path} replaced by raw JSON text, or removed when {@code json} is null. */
  private byte[] withField(String body, String path, String json) {
    String marker = "\"__fuzz_" + UUID.randomUUID() + "\"";
    JsonObject root = new JsonObject(body);
    String[] parts = path.split("\\.");
    JsonObject parent = root;
    for (int i = 0; i < parts.length - 1; i++) {
      parent = parent.getJsonObject(parts[i]);
    }
    if (json == null) {
      parent.remove(parts[parts.length - 1]);
      return root.encode().getBytes(StandardCharsets.UTF_8);
    }
    parent.put(parts[parts.length - 1], marker.substring(1, marker.length() - 1));
    return root.encode().replace(marker, json).getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------------
  // Credentials, valid and broken

  private Signer signer(Kind kind) {
    return switch (kind) {
      case ADMIN -> (method, target, body) -> List.<String[]>of(new String[] {"Authorization", "Bearer " + ADMIN_TOKEN});
      default -> hmac(tenant, 0, null);
    };
  }

  /** HMAC headers as the guide signs, with the timestamp shifted by {@code skew} or replaced by {@code timestamp}. */
  private Signer hmac(Seed.Tenant who, long skew, String timestamp) {
    return (method, target, body) -> {
      String ts = timestamp != null ? timestamp : String.valueOf(System.currentTimeMillis() / 1000 + skew);
      return List.of(new String[] {"X-Tenant-Id", who.id()}, new String[] {"X-Timestamp", ts},
          new String[] {"X-Signature", "hmac-sha256=" + hex(who.secret(), method, target, ts, body)});
    };
  }

  private Signer headers(String... pairs) {
    return (method, target, body) -> {
      List<String[]> list = new ArrayList<>();
      for (int i = 0; i + 1 < pairs.length; i += 2) {
        list.add(new String[] {pairs[i], pairs[i + 1]});
      }
      return list;
    };
  }

  /** The valid signer's headers with some changed: {@code edit} gets (name, value) and answers the pairs to send instead. */
  private Signer edited(Signer base, java.util.function.BiFunction<String, String, List<String[]>> edit) {
    return (method, target, body) -> {
      List<String[]> out = new ArrayList<>();
      for (String[] h : base.headers(method, target, body)) {
        out.addAll(edit.apply(h[0], h[1]));
      }
      return out;
    };
  }

  private Map<String, Signer> brokenAuth(Kind kind) {
    Map<String, Signer> auths = new LinkedHashMap<>();
    auths.put("none", headers());
    if (kind == Kind.ADMIN) {
      auths.put("wrong admin token", headers("Authorization", "Bearer wrong"));
      auths.put("Basic scheme", headers("Authorization", "Basic " + ADMIN_TOKEN));
      auths.put("lower-case bearer", headers("Authorization", "bearer " + ADMIN_TOKEN));
      auths.put("empty bearer", headers("Authorization", "Bearer "));
      auths.put("token plus junk", headers("Authorization", "Bearer " + ADMIN_TOKEN + " junk"));
      auths.put("duplicated Authorization, wrong first", headers("Authorization", "Bearer wrong", "Authorization", "Bearer " + ADMIN_TOKEN));
      auths.put("duplicated Authorization, right first", headers("Authorization", "Bearer " + ADMIN_TOKEN, "Authorization", "Bearer wrong"));
      auths.put("tenant JWT", headers("Authorization", "Bearer " + Credentials.tenantJwt(tenant.id(), tenant.secret(), null, 600)));
      auths.put("tenant HMAC", hmac(tenant, 0, null));
      auths.put("10 kB token", headers("Authorization", "Bearer " + "a".repeat(10_240)));
      return auths;
    }
    Signer valid = hmac(tenant, 0, null);
    long now = System.currentTimeMillis() / 1000;
    auths.put("only X-Tenant-Id", edited(valid, (n, v) -> n.equals("X-Tenant-Id") ? List.<String[]>of(new String[] {n, v}) : List.of()));
    auths.put("no X-Signature", edited(valid, (n, v) -> n.equals("X-Signature") ? List.of() : List.<String[]>of(new String[] {n, v})));
    auths.put("no X-Timestamp", edited(valid, (n, v) -> n.equals("X-Timestamp") ? List.of() : List.<String[]>of(new String[] {n, v})));
    auths.put("no X-Tenant-Id", edited(valid, (n, v) -> n.equals("X-Tenant-Id") ? List.of() : List.<String[]>of(new String[] {n, v})));
    for (String name : List.of("X-Signature", "X-Tenant-Id", "X-Timestamp")) {
      auths.put("duplicated " + name, edited(valid, (n, v) -> n.equals(name)
          ? List.<String[]>of(new String[] {n, v}, new String[] {n, v}) : List.<String[]>of(new String[] {n, v})));
    }
    // A day away, not just past HMAC_MAX_SKEW_SECONDS: the fuzz takes minutes on a loaded machine, and a timestamp
    // 400 s ahead of its start fell inside the window before it was sent.
    for (String ts : List.of("", "abc", "-1", "1.5", "1e9", "0", "1234567890123", "99999999999999999999", " " + now, now + "\u0000",
        String.valueOf(now - 86_400), String.valueOf(now + 86_400), "0x" + Long.toHexString(now))) {
      auths.put("timestamp '" + ts.replace("\u0000", "\\0") + "'", hmac(tenant, 0, ts));
    }
    auths.put("timestamp 301 s old", hmac(tenant, -301, null));
    // ahead by more than a second past the window: the clock the service checks against moves on while the case is sent
    auths.put("timestamp 330 s ahead", hmac(tenant, 330, null));
    auths.put("signature without prefix", edited(valid, (n, v) -> List.<String[]>of(new String[] {n,
        n.equals("X-Signature") ? v.substring("hmac-sha256=".length()) : v})));
    auths.put("signature sha1 prefix", edited(valid, (n, v) -> List.<String[]>of(new String[] {n,
        n.equals("X-Signature") ? v.replace("hmac-sha256=", "hmac-sha1=") : v})));
    auths.put("signature 63 hex", edited(valid, (n, v) -> List.<String[]>of(new String[] {n,
        n.equals("X-Signature") ? v.substring(0, v.length() - 1) : v})));
    auths.put("signature 65 hex", edited(valid, (n, v) -> List.<String[]>of(new String[] {n, n.equals("X-Signature") ? v + "0" : v})));
    auths.put("signature not hex", edited(valid, (n, v) -> List.<String[]>of(new String[] {n,
        n.equals("X-Signature") ? "hmac-sha256=" + "zz".repeat(32) : v})));
    auths.put("signature empty", edited(valid, (n, v) -> List.<String[]>of(new String[] {n, n.equals("X-Signature") ? "" : v})));
    auths.put("signature with wrong secret", hmac(new Seed.Tenant(tenant.id(), "not-the-secret"), 0, null));
    auths.put("signature over another body", (method, target, body) -> hmac(tenant, 0, null).headers(method, target,
        "{\"other\": 1}".getBytes(StandardCharsets.UTF_8)));
    auths.put("signature over another method", (method, target, body) -> hmac(tenant, 0, null).headers(
        method.equals("GET") ? "POST" : "GET", target, body));
    auths.put("signature over another path", (method, target, body) -> hmac(tenant, 0, null).headers(method, target + "x", body));
    auths.put("X-Tenant-Id unknown", hmac(new Seed.Tenant("fuzz-nobody", tenant.secret()), 0, null));
    auths.put("X-Tenant-Id with NUL", hmac(new Seed.Tenant(tenant.id() + "\u0000", tenant.secret()), 0, null));
    auths.put("X-Tenant-Id 10 kB", hmac(new Seed.Tenant("t".repeat(10_240), tenant.secret()), 0, null));
    auths.put("X-Tenant-Id emoji", hmac(new Seed.Tenant("\uD83C\uDF81", tenant.secret()), 0, null));
    auths.put("other tenant's valid HMAC", hmac(other, 0, null));
    auths.put("disabled tenant's valid HMAC", hmac(disabled, 0, null));
    String jwtTenant = tenant.id();
    auths.put("Bearer alone", headers("Authorization", "Bearer"));
    auths.put("Bearer empty", headers("Authorization", "Bearer "));
    auths.put("Basic scheme", headers("Authorization", "Basic dXNlcjpwYXNz"));
    auths.put("lower-case bearer", headers("Authorization", "bearer " + Credentials.tenantJwt(jwtTenant, tenant.secret(), null, 600)));
    auths.put("JWT garbage", headers("Authorization", "Bearer a.b.c"));
    auths.put("JWT two parts", headers("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30"));
    auths.put("JWT four parts", headers("Authorization", "Bearer " + Credentials.tenantJwt(jwtTenant, tenant.secret(), null, 600) + ".x"));
    auths.put("JWT alg none", headers("Authorization", "Bearer " + jwtParts("{\"alg\":\"none\"}", claims(jwtTenant, 600)) + "."));
    auths.put("JWT alg HS512", headers("Authorization", "Bearer " + Credentials.jwt(new JsonObject().put("alg", "HS512"),
        new JsonObject(claims(jwtTenant, 600)), tenant.secret())));
    auths.put("JWT alg lower case", headers("Authorization", "Bearer " + Credentials.jwt(new JsonObject().put("alg", "hs256"),
        new JsonObject(claims(jwtTenant, 600)), tenant.secret())));
    auths.put("JWT expired", headers("Authorization", "Bearer " + Credentials.tenantJwt(jwtTenant, tenant.secret(), null, -3600)));
    auths.put("JWT exp as string", headers("Authorization", "Bearer " + Credentials.jwt(new JsonObject().put("alg", "HS256"),
        new JsonObject(claims(jwtTenant, 600)).put("exp", "tomorrow"), tenant.secret())));
    auths.put("JWT without exp", headers("Authorization", "Bearer " + Credentials.jwt(new JsonObject().put("alg", "HS256"),
        new JsonObject(claims(jwtTenant, 600)).putNull("exp"), tenant.secret())));
    auths.put("JWT sub_type user", headers("Authorization", "Bearer " + Credentials.jwt(new JsonObject().put("alg", "HS256"),
        new JsonObject(claims(jwtTenant, 600)).put("sub_type", "user"), tenant.secret())));
    auths.put("JWT sub_id number", headers("Authorization", "Bearer " + Credentials.jwt(new JsonObject().put("alg", "HS256"),
        new JsonObject(claims(jwtTenant, 600)).put("sub_id", 42), tenant.secret())));
    auths.put("JWT sub_id with NUL", headers("Authorization", "Bearer " + Credentials.tenantJwt(jwtTenant + "\u0000", tenant.secret(),
        null, 600)));
    auths.put("JWT wrong secret", headers("Authorization", "Bearer " + Credentials.tenantJwt(jwtTenant, "wrong", null, 600)));
    auths.put("JWT header not JSON", headers("Authorization", "Bearer " + jwtParts("not json", claims(jwtTenant, 600)) + ".c2ln"));
    auths.put("JWT bad base64", headers("Authorization", "Bearer !!!.???.***"));
    auths.put("JWT 10 kB", headers("Authorization", "Bearer " + "e".repeat(10_240) + ".e30.c2ln"));
    auths.put("other tenant's JWT", headers("Authorization", "Bearer " + Credentials.tenantJwt(other.id(), other.secret(), null, 600)));
    auths.put("disabled tenant's JWT", headers("Authorization", "Bearer "
        + Credentials.tenantJwt(disabled.id(), disabled.secret(), null, 600)));
    auths.put("duplicated Authorization", (method, target, body) -> {
      String token = "Bearer " + Credentials.tenantJwt(jwtTenant, tenant.secret(), null, 600);
      return List.of(new String[] {"Authorization", token}, new String[] {"Authorization", token});
    });
    auths.put("JWT and broken HMAC", edited(valid, (n, v) -> n.equals("X-Signature")
        ? List.<String[]>of(new String[] {n, "hmac-sha256=" + "0".repeat(64)}, new String[] {"Authorization", "Bearer x.y.z"})
        : List.<String[]>of(new String[] {n, v})));
    if (kind == Kind.SERVER_ONLY) {
      auths.put("server JWT on a server-only endpoint", headers("Authorization", "Bearer "
          + Credentials.tenantJwt(jwtTenant, tenant.secret(), null, 600)));
      auths.put("player JWT on a server-only endpoint", headers("Authorization", "Bearer "
          + Credentials.tenantJwt(jwtTenant, tenant.secret(), "player-1", 600)));
    }
    return auths;
  }

  private String claims(String tenantId, long expiresIn) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("sub_type", "tenant").put("sub_id", tenantId).put("iat", now).put("exp", now + expiresIn).encode();
  }

  private String jwtParts(String header, String payload) {
    java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "." + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
  }

  private String hex(String secret, String method, String target, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((method + "\n" + target + "\n" + timestamp + "\n").getBytes(StandardCharsets.UTF_8));
      if (body != null) {
        mac.update(body);
      }
      return HexFormat.of().formatHex(mac.doFinal());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
