package gg.phoenix.coupons.webhook;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shares one sender's free slots between tenants. A tenant has at most {@code perTenant} deliveries in flight, and
 * free slots go round-robin: one per tenant per turn, starting after the tenant that got the last first-turn slot.
 * A tenant whose endpoint is slow therefore holds its own slots only, and another tenant's due delivery waits at
 * most until one slot frees. Not thread-safe: the sender's event loop owns it.
 */
final class FairShare {

  private final int perTenant;
  private final Map<String, Integer> inFlight = new HashMap<>();
  private String servedLast = "";

  FairShare(int perTenant) {
    this.perTenant = perTenant;
  }

  /**
   * How many deliveries to claim for each tenant, in the order they were given.
   *
   * @param due tenants with due deliveries, each with how many (need not exceed perTenant)
   * @param free the sender's free slots
   */
  Map<String, Integer> allot(Map<String, Integer> due, int free) {
    List<String> ring = ringAfter(servedLast, due.keySet());
    Map<String, Integer> allotted = new LinkedHashMap<>();
    for (int turn = 1; free > 0; turn++) {
      boolean gave = false;
      for (String tenant : ring) {
        int room = Math.min(due.get(tenant), perTenant - inFlight(tenant));
        if (free > 0 && room >= turn) {
          allotted.merge(tenant, 1, Integer::sum);
          free--;
          gave = true;
          if (turn == 1) {
            servedLast = tenant;
          }
        }
      }
      if (!gave) {
        break;
      }
    }
    return allotted;
  }

  void started(String tenant) {
    inFlight.merge(tenant, 1, Integer::sum);
  }

  void finished(String tenant) {
    inFlight.computeIfPresent(tenant, (t, n) -> n > 1 ? n - 1 : null);
  }

  int inFlight(String tenant) {
    return inFlight.getOrDefault(tenant, 0);
  }

  /** The tenants in name order, starting with the first after {@code last} and wrapping around. */
  private static List<String> ringAfter(String last, Iterable<String> tenants) {
    List<String> sorted = new ArrayList<>();
    tenants.forEach(sorted::add);
    sorted.sort(null);
    int start = 0;
    while (start < sorted.size() && sorted.get(start).compareTo(last) <= 0) {
      start++;
    }
    List<String> ring = new ArrayList<>(sorted.subList(start, sorted.size()));
    ring.addAll(sorted.subList(0, start));
    return ring;
  }
}
