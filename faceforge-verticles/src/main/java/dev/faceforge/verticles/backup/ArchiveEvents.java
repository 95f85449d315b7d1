package dev.faceforge.verticles.backup;

import dev.faceforge.eventstore.EventLines;
import dev.faceforge.eventstore.RecordedEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The rows of {@code events.ndjson} with positions up to a limit, parsed line by line for
 * {@link dev.faceforge.eventstore.LogImporter}; closes the entry when it ends (or on {@link #close}).
 */
final class ArchiveEvents implements Iterator<RecordedEvent>, AutoCloseable {
  private final BufferedReader lines;
  private final long until;
  private RecordedEvent next;
  private long lineNumber;
  private boolean done;

  ArchiveEvents(BufferedReader lines, long until) {
    this.lines = lines;
    this.until = until;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      String line = readLine();
      if (line == null) {
        close();
      } else {
        RecordedEvent e = EventLines.parse(line, ++lineNumber);
        if (e.position() > until) {
          close();
        } else {
          next = e;
        }
      }
    }
    return next != null;
  }

  @Override
  public RecordedEvent next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    RecordedEvent e = next;
    next = null;
    return e;
  }

  private String readLine() {
    try {
      return lines.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    done = true;
    try {
      lines.close();
    } catch (IOException e) {
      // read-only
    }
  }
}
