package dev.faceforge.eventstore;

/**
 * SQLite's {@code synchronous} setting for the write connection. {@link #FULL} (the default) means an
 * acknowledged append survives a power cut; group commit is what keeps it fast.
 */
public enum Durability {
  FULL(2), NORMAL(1), OFF(0);

  private final int pragmaValue;

  Durability(int pragmaValue) {
    this.pragmaValue = pragmaValue;
  }

  /** The numeric value {@code PRAGMA synchronous} reads back for this setting. */
  public int pragmaValue() {
    return pragmaValue;
  }
}
