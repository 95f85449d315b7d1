package dev.faceforge.verticles.storage;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;

/**
 * Where an asset's bytes live: the {@code storage} object of spec section 7.2, recorded in the asset's
 * events. {@code provider} is a store name ({@code fs} or {@code s3}); {@code bucket} is present for
 * S3 only; {@code key} is the content-addressed key {@code sha256/ab/cd/<hash>} (a path relative to
 * the assets folder for {@code fs}). {@code fallbackFrom} names the provider the routing rules chose
 * when that provider failed and the bytes went to {@code fs} instead, so the record says so forever.
 */
public record StoredBlob(String provider, Optional<String> bucket, String key, Optional<String> fallbackFrom) {

  public StoredBlob {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(fallbackFrom, "fallbackFrom");
    ContentKeys.sha256Of(key);
  }

  /** A blob under {@code assets/} of the filesystem store. */
  public static StoredBlob fs(String sha256) {
    return new StoredBlob(FsBlobStore.PROVIDER, Optional.empty(), ContentKeys.keyOf(sha256), Optional.empty());
  }

  /** A blob in {@code bucket} of the S3 store. */
  public static StoredBlob s3(String bucket, String sha256) {
    return new StoredBlob(S3BlobStore.PROVIDER, Optional.of(bucket), ContentKeys.keyOf(sha256), Optional.empty());
  }

  /** The content hash the key was built from. */
  public String sha256() {
    return ContentKeys.sha256Of(key);
  }

  /** This record, noting that {@code provider} was chosen first and failed. */
  public StoredBlob withFallbackFrom(String failedProvider) {
    return new StoredBlob(provider, bucket, key, Optional.of(failedProvider));
  }

  /** {@code {"provider", "bucket"?, "key", "fallback_from"?}}: the shape stored in events. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("provider", provider);
    bucket.ifPresent(b -> json.put("bucket", b));
    json.put("key", key);
    fallbackFrom.ifPresent(f -> json.put("fallback_from", f));
    return json;
  }

  /** The inverse of {@link #toJson()}; throws {@link IllegalArgumentException} for a malformed object. */
  public static StoredBlob fromJson(JsonObject json) {
    try {
      return new StoredBlob(json.getString("provider"), Optional.ofNullable(json.getString("bucket")),
          json.getString("key"), Optional.ofNullable(json.getString("fallback_from")));
    } catch (ClassCastException | NullPointerException e) {
      throw new IllegalArgumentException("malformed storage record: " + json.encode());
    }
  }
}
