package dev.faceforge.eventstore;

/** The log itself failed (I/O, SQLite error, a broken hash chain): not the caller's fault. */
public final class EventStoreException extends RuntimeException {
  public EventStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public EventStoreException(String message) {
    super(message);
  }
}
