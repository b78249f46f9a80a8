package gg.phoenix.coupons.secrets;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.hmac;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.ReencryptSecrets;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A keyset rotation as docs/security.md tells an operator to run it, with service instances that hold the old
 * keyset, the intermediate ones and the new one at once. Each test has a schema and a keyset file of its own.
 */
class KeyRotationTest {

  private static final String ADMIN_TOKEN = "rotation-admin-" + Seed.uniqueId("x");
  private static final Api.Auth ADMIN = bearer(ADMIN_TOKEN);

  @TempDir
  Path dir;

  private final String schema = "test_rot_" + Seed.uniqueId("s").replace("-", "");
  private final List<Vertx> instances = new ArrayList<>();
  private Path keyset;

  @BeforeEach
  void keyset() {
    keyset = dir.resolve("keyset.json");
    assertThat(keysetCommand("new")).isZero();
  }

  @AfterEach
  void stop() throws Exception {
    for (Vertx vertx : instances) {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private int keysetCommand(String command, String... keyId) {
    List<String> args = new ArrayList<>(List.of(command, keyset.toString()));
    args.addAll(List.of(keyId));
    return KeysetCommand.run(args, System.out, System.err);
  }

  private JsonObject config(Path keysetFile) {
    return new JsonObject().put("PG_SCHEMA", schema).put("ADMIN_TOKEN", ADMIN_TOKEN).put("HTTP_INSTANCES", 1)
        .put("COUPON_INSTANCES", 1).put("SECRETS_KEYSET", "").put("SECRETS_KEYSET_FILE", keysetFile.toString());
  }

  /** An instance started with the keyset file as it is now (it reads it once, as a process does at start). */
  private Api instance() throws Exception {
    Vertx vertx = Vertx.vertx();
    instances.add(vertx);
    return TestApp.start(vertx, config(keyset));
  }

  private String createTenant(Api api, String id) {
    Api.Response created = api.ops().post("/v1/admin/tenants", new JsonObject().put("id", id).put("name", id), ADMIN);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("secret");
  }

  private static int keyId(int index, Path file) throws Exception {
    return Keysets.parse(Files.readString(file)).getAt(index).getId();
  }

  /** Every secret of a tenant (current, and previous in its grace period) signs a JWT and an HMAC request. */
  private static void assertAuthenticates(Api api, Map<String, List<String>> tenants) {
    tenants.forEach((id, secrets) -> {
      for (String secret : secrets) {
        String path = "/v1/coupons/" + id + "/definitions";
        assertThat(api.get(path, bearer(tenantJwt(id, secret, null, 600))).status()).as("JWT of " + id).isEqualTo(200);
        assertThat(api.get(path, hmac(id, secret)).status()).as("HMAC of " + id).isEqualTo(200);
      }
    });
  }

  /** The key ids the stored secrets were sealed under, read from their prefixes. */
  private Set<Integer> storedKeyIds() throws Exception {
    Set<Integer> ids = new HashSet<>();
    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT secret_enc FROM " + schema + ".tenants UNION ALL "
             + "SELECT previous_secret_enc FROM " + schema + ".tenants WHERE previous_secret_enc IS NOT NULL")) {
      while (rs.next()) {
        ids.add(SecretBox.keyId(rs.getBytes(1)));
      }
    }
    return ids;
  }

  private int reencrypt(ByteArrayOutputStream err) {
    JsonObject overrides = TestBackends.get().serviceConfig(0).mergeIn(config(keyset));
    return ReencryptSecrets.run(overrides, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("add, promote, re-encrypt, remove: every tenant authenticates (JWT and HMAC, previous secrets too) on old and new instances throughout")
  void rotationInOrder() throws Exception {
    Path original = Files.copy(keyset, dir.resolve("original.json"));
    Api first = instance();
    Map<String, List<String>> tenants = new LinkedHashMap<>();
    String rotated = Seed.uniqueId("rotated");
    String old = createTenant(first, rotated);
    String current = first.ops().post("/v1/admin/tenants/" + rotated + "/secret/rotate", new JsonObject(), ADMIN).json().getString("secret");
    tenants.put(rotated, List.of(current, old));
    String plain = Seed.uniqueId("plain");
    tenants.put(plain, List.of(createTenant(first, plain)));
    int oldKey = keyId(0, keyset);

    // 1. A new key, not primary, rolled out: new instances open both keys and still seal under the old one.
    assertThat(keysetCommand("add")).isZero();
    int newKey = keyId(1, keyset);
    Api second = instance();
    String addedDuringAdd = Seed.uniqueId("during-add");
    tenants.put(addedDuringAdd, List.of(createTenant(second, addedDuringAdd)));
    assertAuthenticates(first, tenants);
    assertAuthenticates(second, tenants);

    // 2. The new key promoted: secrets written now use it, and every instance of step 1 opens them.
    assertThat(keysetCommand("promote", Integer.toUnsignedString(newKey))).isZero();
    Api third = instance();
    String addedDuringPromote = Seed.uniqueId("during-promote");
    tenants.put(addedDuringPromote, List.of(createTenant(third, addedDuringPromote)));
    assertThat(storedKeyIds()).containsExactlyInAnyOrder(oldKey, newKey);
    assertAuthenticates(second, tenants);
    assertAuthenticates(third, tenants);

    // 3. Re-encryption while they serve: nothing is left under the old key.
    assertThat(reencrypt(new ByteArrayOutputStream())).isZero();
    assertThat(storedKeyIds()).containsExactly(newKey);
    assertAuthenticates(second, tenants);
    assertAuthenticates(third, tenants);

    // 4. The old key removed: an instance with the new key alone serves every tenant; the old keyset is refused.
    assertThat(keysetCommand("remove", Integer.toUnsignedString(oldKey))).isZero();
    assertAuthenticates(instance(), tenants);
    Vertx stale = Vertx.vertx();
    instances.add(stale);
    assertThatThrownBy(() -> TestApp.start(stale, config(original)))
        .hasMessageContaining("lacks keys the stored secrets were sealed with")
        .hasMessageContaining("key " + Integer.toUnsignedString(newKey));
  }

  @Test
  @DisplayName("--reencrypt-secrets reports a secret that does not open (moved from another row) without its value, rewrites the rest and exits 1")
  void reencryptReportsUnreadable() throws Exception {
    Api api = instance();
    String moved = Seed.uniqueId("moved");
    String movedSecret = createTenant(api, moved);
    String intact = Seed.uniqueId("intact");
    String intactSecret = createTenant(api, intact);
    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement()) {
      st.execute("UPDATE " + schema + ".tenants SET secret_enc = (SELECT secret_enc FROM " + schema + ".tenants WHERE id = '"
          + intact + "') WHERE id = '" + moved + "'");
    }
    assertThat(keysetCommand("rotate")).isZero();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    assertThat(reencrypt(err)).isEqualTo(1);

    assertThat(err.toString(StandardCharsets.UTF_8)).contains("tenants.secret_enc of row [" + moved + "] does not open")
        .doesNotContain(movedSecret).doesNotContain(intactSecret);
    assertThat(storedKeyIds()).contains(keyId(1, keyset));
    assertAuthenticates(instance(), Map.of(intact, List.of(intactSecret)));
  }
}
