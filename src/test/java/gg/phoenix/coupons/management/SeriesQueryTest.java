package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SeriesQueryTest {

  @Test
  @DisplayName("a series ending a moment into a bucket ends with that bucket, even within its first second")
  void currentBucketWithinItsFirstSecond() {
    CampaignStats.SeriesQuery query = CampaignStats.SeriesQuery.parse(new JsonObject()
        .put("series", "redemptions").put("bucket", "minute").put("from", "2026-01-01T09:58:30Z"),
        Instant.parse("2026-01-01T10:00:00.400Z"));

    assertThat(Arrays.stream(query.starts()).map(OffsetDateTime::toString))
        .containsExactly("2026-01-01T09:58Z", "2026-01-01T09:59Z", "2026-01-01T10:00Z");
  }

  @Test
  @DisplayName("without from, a series starts 60 buckets before the one holding to, and ends with that one")
  void defaultRange() {
    CampaignStats.SeriesQuery query = CampaignStats.SeriesQuery.parse(new JsonObject().put("series", "redemptions"),
        Instant.parse("2026-01-03T00:30:00Z"));

    assertThat(query.starts()).hasSize(61);
    assertThat(query.starts()[60].toString()).isEqualTo("2026-01-03T00:00Z");
  }
}
