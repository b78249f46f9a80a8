package gg.phoenix.coupons.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

  private static final UUID DEFINITION = UUID.fromString("660e8400-e29b-41d4-a716-446655440001");

  @Test
  @DisplayName("no player id, however it ends, names another counter's lease set or generation")
  void playerIdsCannotNameDerivedKeys() {
    String player = CacheKeys.playerUses(DEFINITION, "p");
    List<String> derived = List.of(CacheKeys.leases(player), CacheKeys.generation(player),
        CacheKeys.leases(CacheKeys.totalUses(DEFINITION)), CacheKeys.generation(CacheKeys.totalUses(DEFINITION)));

    for (String hostile : List.of("p:leases", "p:generation", "p:leases:x", ":leases", "leases", "generation")) {
      assertThat(derived).doesNotContain(CacheKeys.playerUses(DEFINITION, hostile));
    }
    assertThat(derived).allSatisfy(key -> assertThat(key).startsWith("coupons:guard:{" + DEFINITION + "}:"));
  }

  @Test
  @DisplayName("a counter's lease set and generation carry its hash tag and put their kind before the rest of its key")
  void derivedKeysLayout() {
    String player = CacheKeys.playerUses(DEFINITION, "user:123");

    assertThat(CacheKeys.leases(player)).isEqualTo("coupons:guard:{" + DEFINITION + "}:leases:player:user:123");
    assertThat(CacheKeys.generation(CacheKeys.totalUses(DEFINITION))).isEqualTo("coupons:guard:{" + DEFINITION + "}:generation:total");
  }
}
