package dev.faceforge.launcher.bench;

/** A benchmark saw something wrong (a bad status, a wrong count): the run stops and says what. */
final class BenchFailure extends RuntimeException {
  BenchFailure(String message) {
    super(message);
  }

  BenchFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
