package dev.faceforge.eventstore;

/**
 * An append that reuses an event id already in the log for a different event (different stream, type,
 * or only part of a previously appended batch). A retry of the exact same batch is not an error.
 */
public final class DuplicateEventException extends RuntimeException {
  public DuplicateEventException(String message) {
    super(message, null, false, false);
  }
}
