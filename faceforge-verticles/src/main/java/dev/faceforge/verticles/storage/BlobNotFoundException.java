package dev.faceforge.verticles.storage;

/**
 * The blob asked for is not in the store: a read of a hash that was never stored or was deleted.
 * Built without a stack trace, like the other expected failures, since it says everything in its
 * message (provider and hash) and the HTTP layer maps it to a 404.
 */
public final class BlobNotFoundException extends RuntimeException {
  private final String provider;
  private final String sha256;

  public BlobNotFoundException(String provider, String sha256) {
    super("no blob " + sha256 + " in the " + provider + " store", null, false, false);
    this.provider = provider;
    this.sha256 = sha256;
  }

  public String provider() {
    return provider;
  }

  public String sha256() {
    return sha256;
  }
}
