package dev.faceforge.verticles.backup;

import dev.faceforge.eventstore.EventLines;
import dev.faceforge.eventstore.EventStoreException;
import dev.faceforge.eventstore.HashChain;
import dev.faceforge.eventstore.RecordedEvent;
import java.util.function.Consumer;

/**
 * Checks the lines of {@code events.ndjson} one by one: each parses, sits at the next position and links
 * onto the previous hash. The first problem is remembered, not thrown, so that a changed byte is reported
 * as the sha256 mismatch of the whole entry (checked once all bytes were read) rather than as whatever
 * that byte broke; {@link #finish} throws it when the bytes themselves were intact.
 */
final class EventsCheck {
  private final HashChain chain = new HashChain();
  private final Consumer<RecordedEvent> observer;
  private String previous = HashChain.GENESIS;
  private long count;
  private long lastPosition;
  private String problem;

  EventsCheck(Consumer<RecordedEvent> observer) {
    this.observer = observer;
  }

  void line(String line) {
    count++;
    if (problem != null) {
      return;
    }
    RecordedEvent e;
    try {
      e = EventLines.parse(line, count);
    } catch (EventStoreException ex) {
      problem = Manifest.EVENTS_ENTRY + ": " + ex.getMessage();
      return;
    }
    if (e.position() != lastPosition + 1) {
      problem = Manifest.EVENTS_ENTRY + ": positions are not gapless: expected " + (lastPosition + 1) + ", found "
          + e.position();
    } else if (!chain.hash(previous, e).equals(e.hash())) {
      problem = "hash chain broken at position " + e.position() + " (event " + e.eventId() + ")";
    } else {
      previous = e.hash();
      lastPosition = e.position();
      observer.accept(e);
    }
  }

  /** Called once the entry's bytes matched their sha256: the count, then the first line problem, then the end. */
  void finish(Manifest manifest) {
    if (count != manifest.events().count()) {
      throw new BackupException(Manifest.EVENTS_ENTRY + ": " + count + " events, " + Manifest.ENTRY + " says "
          + manifest.events().count() + " (archive corrupted)");
    }
    if (problem != null) {
      throw new BackupException(problem + " (archive corrupted)");
    }
    if (lastPosition != manifest.lastPosition() || !previous.equals(manifest.headHash())) {
      throw new BackupException(Manifest.EVENTS_ENTRY + " ends at position " + lastPosition + " (hash " + previous
          + "), " + Manifest.ENTRY + " says position " + manifest.lastPosition() + " (hash " + manifest.headHash()
          + ") (archive corrupted)");
    }
  }
}
