package dev.faceforge.eventstore;

/**
 * What a writer expects a stream's current version to be: {@link #any()} (no check),
 * {@link #noStream()} (the stream must not exist yet) or {@link #exactly(long)}.
 */
public record ExpectedVersion(long value) {
  private static final long ANY = -1;

  public ExpectedVersion {
    if (value < ANY) {
      throw new IllegalArgumentException("expected version must be >= 0 or ANY: " + value);
    }
  }

  public static ExpectedVersion any() {
    return new ExpectedVersion(ANY);
  }

  public static ExpectedVersion noStream() {
    return new ExpectedVersion(0);
  }

  public static ExpectedVersion exactly(long version) {
    return new ExpectedVersion(version);
  }

  public boolean isAny() {
    return value == ANY;
  }

  /** True when a stream currently at {@code actual} satisfies this expectation. */
  public boolean matches(long actual) {
    return isAny() || value == actual;
  }

  @Override
  public String toString() {
    return isAny() ? "any" : Long.toString(value);
  }
}
