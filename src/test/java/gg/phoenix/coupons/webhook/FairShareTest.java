package gg.phoenix.coupons.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FairShareTest {

  private static Map<String, Integer> due(Object... tenantsAndCounts) {
    Map<String, Integer> due = new LinkedHashMap<>();
    for (int i = 0; i < tenantsAndCounts.length; i += 2) {
      due.put((String) tenantsAndCounts[i], (Integer) tenantsAndCounts[i + 1]);
    }
    return due;
  }

  @Test
  @DisplayName("free slots go one per tenant per turn, and no tenant gets more than the per-tenant cap")
  void turns() {
    FairShare share = new FairShare(3);

    assertThat(share.allot(due("a", 3, "b", 1, "c", 3), 6)).containsExactly(Map.entry("a", 3), Map.entry("b", 1), Map.entry("c", 2));
  }

  @Test
  @DisplayName("a tenant at its cap in flight gets nothing, however long its queue, and the others get the slots")
  void capped() {
    FairShare share = new FairShare(2);
    share.started("slow");
    share.started("slow");

    assertThat(share.allot(due("slow", 2, "fast", 2), 10)).containsExactly(Map.entry("fast", 2));
    share.finished("slow");
    assertThat(share.allot(due("slow", 2), 10)).containsExactly(Map.entry("slow", 1));
  }

  @Test
  @DisplayName("with one free slot at a time, tenants take turns in a ring, whatever their names or queue lengths")
  void roundRobin() {
    FairShare share = new FairShare(5);
    Map<String, Integer> due = due("zeta", 5, "alpha", 5, "mid", 5);

    StringBuilder order = new StringBuilder();
    for (int i = 0; i < 7; i++) {
      order.append(share.allot(due, 1).keySet().iterator().next()).append(' ');
    }

    assertThat(order.toString().strip()).isEqualTo("alpha mid zeta alpha mid zeta alpha");
  }

  @Test
  @DisplayName("the ring continues after the last tenant served even when that tenant has nothing due any more")
  void ringAfterDepartedTenant() {
    FairShare share = new FairShare(5);
    assertThat(share.allot(due("b", 1, "d", 1), 1)).containsOnlyKeys("b");

    assertThat(share.allot(due("a", 1, "c", 1, "d", 1), 1)).containsOnlyKeys("c");
  }

  @Test
  @DisplayName("in-flight counts go back down as deliveries finish")
  void counts() {
    FairShare share = new FairShare(2);
    share.started("t");
    share.started("t");
    share.finished("t");

    assertThat(share.inFlight("t")).isEqualTo(1);
    share.finished("t");
    share.finished("t");
    assertThat(share.inFlight("t")).isZero();
  }
}
