package dev.faceforge.verticles.storage;

import java.util.regex.Pattern;

/**
 * The content-addressed key layout shared by every provider: {@code sha256/ab/cd/<hash>}. Two levels
 * of 256 folders keep any one folder small on file systems and listings short on S3. The hash is
 * validated before it is used in a path or a key, so a caller can never escape the store.
 */
final class ContentKeys {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private ContentKeys() {
  }

  /** Throws {@link IllegalArgumentException} unless {@code sha256} is 64 lower-case hex digits. */
  static String requireSha256(String sha256) {
    if (sha256 == null || !SHA256_HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a sha256 hex digest (64 lower-case hex digits): " + sha256);
    }
    return sha256;
  }

  /** {@code sha256/ab/cd/<hash>}, '/'-separated on every platform. */
  static String keyOf(String sha256) {
    requireSha256(sha256);
    return "sha256/" + sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
  }

  /** The hash a key was built from; throws {@link IllegalArgumentException} for any other key. */
  static String sha256Of(String key) {
    String sha256 = key == null ? "" : key.substring(key.lastIndexOf('/') + 1);
    if (!SHA256_HEX.matcher(sha256).matches() || !keyOf(sha256).equals(key)) {
      throw new IllegalArgumentException("not a content-addressed key (sha256/ab/cd/<hash>): " + key);
    }
    return sha256;
  }

  /** Throws {@link IllegalArgumentException} for a negative offset or length. */
  static void requireRange(long offset, long length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("invalid range: offset " + offset + ", length " + length);
    }
  }

  /** The failure for a range that does not fit a blob of {@code size} bytes. */
  static IllegalArgumentException rangeBeyondEnd(long offset, long length, long size) {
    return new IllegalArgumentException(
        "range offset " + offset + ", length " + length + " exceeds the blob's " + size + " bytes");
  }

  /** The failure for a source file whose size is not the one the caller declared. */
  static IllegalArgumentException sizeMismatch(long actual, long declared) {
    return new IllegalArgumentException("the source file has " + actual + " bytes, the caller declared " + declared);
  }
}
