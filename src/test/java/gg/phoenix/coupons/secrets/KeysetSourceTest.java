package gg.phoenix.coupons.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.config.DeployConfig;
import gg.phoenix.coupons.config.ServiceConfig;
import io.vertx.config.spi.utils.JsonObjectHelper;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the keyset comes from, through the real configuration parsing (conf/config.json plus overrides). */
class KeysetSourceTest {

  @TempDir
  Path dir;

  private JsonObject config(JsonObject overrides) throws Exception {
    return new JsonObject(Files.readString(Path.of("conf/config.json"))).put("EMBEDDED_DATA_DIR", dir.toString()).mergeIn(overrides);
  }

  private SecretBox load(JsonObject overrides) throws Exception {
    JsonObject json = config(overrides);
    return KeysetSource.load(ServiceConfig.from(json).secrets(), DeployConfig.from(json));
  }

  private static String keysetJson() throws Exception {
    return Keysets.toJson(Keysets.generate());
  }

  @Test
  @DisplayName("SECRETS_KEYSET holds the keyset JSON, as text or as the JSON object the environment store makes of it")
  void fromValue() throws Exception {
    String json = keysetJson();
    int primary = Keysets.parse(json).getPrimary().getId();

    assertThat(load(new JsonObject().put("SECRETS_KEYSET", json)).primaryKeyId()).isEqualTo(primary);
    assertThat(load(new JsonObject().put("SECRETS_KEYSET", new JsonObject(json))).primaryKeyId()).isEqualTo(primary);
  }

  @Test
  @DisplayName("SECRETS_KEYSET set in the environment from a keyset file, trailing newline included, is read as that keyset")
  void fromEnvironmentWithNewline() throws Exception {
    String json = keysetJson().strip() + "\n";
    // what the configuration's environment store makes of the variable's text
    Object fromEnvironment = JsonObjectHelper.convert(json);

    assertThat(load(new JsonObject().put("SECRETS_KEYSET", fromEnvironment)).primaryKeyId())
        .isEqualTo(Keysets.parse(json).getPrimary().getId());
  }

  @Test
  @DisplayName("SECRETS_KEYSET_FILE names a file holding the keyset")
  void fromFile() throws Exception {
    String json = keysetJson();
    Path file = Files.writeString(dir.resolve("k.json"), json);

    assertThat(load(new JsonObject().put("SECRETS_KEYSET_FILE", file.toString())).primaryKeyId())
        .isEqualTo(Keysets.parse(json).getPrimary().getId());
  }

  @Test
  @DisplayName("PROFILE=prod without a keyset refuses to start, in one line naming SECRETS_KEYSET")
  void prodNeedsKeyset() {
    assertThatThrownBy(() -> load(new JsonObject().put("PROFILE", "prod")))
        .hasMessageStartingWith("Configuration key SECRETS_KEYSET (or SECRETS_KEYSET_FILE) is required with PROFILE=prod")
        .hasMessageNotContaining("\n");
    assertThat(dir.resolve(KeysetSource.LOCAL_FILE_NAME)).doesNotExist();
  }

  @Test
  @DisplayName("a value that is not a keyset, a missing file or both keys set stop start-up naming the key, never echoing the value")
  void badValues() throws Exception {
    String notAKeyset = "{\"primaryKeyId\": 1, \"key\": [{\"keyData\": {\"value\": \"TOPSECRETMATERIAL\"}}]}";

    assertThatThrownBy(() -> load(new JsonObject().put("SECRETS_KEYSET", notAKeyset)))
        .hasMessageStartingWith("Configuration key SECRETS_KEYSET is not a cleartext Tink keyset")
        .hasMessageNotContaining("TOPSECRETMATERIAL");
    assertThatThrownBy(() -> load(new JsonObject().put("SECRETS_KEYSET_FILE", dir.resolve("none.json").toString())))
        .hasMessageStartingWith("Configuration key SECRETS_KEYSET_FILE names").hasMessageContaining("cannot be read");
    assertThatThrownBy(() -> load(new JsonObject().put("SECRETS_KEYSET", keysetJson()).put("SECRETS_KEYSET_FILE", "/etc/k.json")))
        .hasMessage("Configuration keys SECRETS_KEYSET and SECRETS_KEYSET_FILE are both set: set one");
  }

  @Test
  @DisplayName("outside prod, without a keyset, a local keyset is made once under EMBEDDED_DATA_DIR, owner-only, and kept")
  void localKeyset() throws Exception {
    SecretBox first = load(new JsonObject());
    Path file = dir.resolve(KeysetSource.LOCAL_FILE_NAME);
    byte[] sealed = first.seal("s3cret", SealedColumn.TENANT_SECRET, "acme");

    SecretBox again = load(new JsonObject());

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(again.primaryKeyId()).isEqualTo(first.primaryKeyId());
    assertThat(again.open(sealed, SealedColumn.TENANT_SECRET, "acme")).isEqualTo("s3cret");
    try (var listing = Files.list(dir)) {
      assertThat(listing.map(p -> p.getFileName().toString()).toList()).containsExactly(KeysetSource.LOCAL_FILE_NAME);
    }
  }

  @Test
  @DisplayName("instances starting together on one data directory end up with one local keyset")
  void concurrentStarts() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> starts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        starts.add(() -> load(new JsonObject()).primaryKeyId());
      }
      Set<Integer> primaries = pool.invokeAll(starts).stream().map(KeysetSourceTest::result).collect(Collectors.toSet());

      assertThat(primaries).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Integer result(Future<Integer> future) {
    try {
      return future.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
