package dev.faceforge.eventstore;

/**
 * An append whose expected version did not match the stream's current version: someone else wrote first.
 * Built without a stack trace: it is an answer, not a bug.
 */
public final class WrongExpectedVersionException extends RuntimeException {
  private final String streamId;
  private final ExpectedVersion expected;
  private final long actual;

  public WrongExpectedVersionException(String streamId, ExpectedVersion expected, long actual) {
    super("stream " + streamId + " is at version " + actual + ", expected " + expected, null, false, false);
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }

  public String streamId() {
    return streamId;
  }

  public ExpectedVersion expected() {
    return expected;
  }

  public long actual() {
    return actual;
  }
}
