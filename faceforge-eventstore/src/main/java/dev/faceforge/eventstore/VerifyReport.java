package dev.faceforge.eventstore;

import java.util.List;

/**
 * What {@link EventReader#verify()} found: how many events it checked, the last position, and every
 * problem (gaps, broken hash links) in position order. Empty problems means the chain is intact.
 */
public record VerifyReport(long eventsChecked, long lastPosition, String lastHash, List<String> problems) {
  public boolean ok() {
    return problems.isEmpty();
  }
}
