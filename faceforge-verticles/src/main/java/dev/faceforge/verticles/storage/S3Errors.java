package dev.faceforge.verticles.storage;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Reads the AWS SDK's failures: the cause behind its future wrappers, and which ones mean "not there". */
final class S3Errors {
  private S3Errors() {
  }

  static Throwable unwrap(Throwable t) {
    Throwable current = t;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  /** A 404: the key, or the whole bucket, is not there (HEAD answers carry no error code, hence the status check). */
  static boolean isNotFound(Throwable t) {
    Throwable cause = unwrap(t);
    return cause instanceof NoSuchKeyException || cause instanceof NoSuchBucketException
        || (cause instanceof S3Exception e && e.statusCode() == 404);
  }

  /** A 404 for the bucket itself. */
  static boolean isNoSuchBucket(Throwable t) {
    Throwable cause = unwrap(t);
    return cause instanceof NoSuchBucketException || (cause instanceof S3Exception e && e.statusCode() == 404);
  }

  /** The endpoint did not answer at all (refused, timed out, reset), as opposed to an S3 error reply. */
  static boolean isUnreachable(Throwable t) {
    Throwable cause = unwrap(t);
    return cause instanceof SdkClientException || cause instanceof java.net.ConnectException;
  }

  /** A 416: the range starts past the end of the object. */
  static boolean isInvalidRange(Throwable t) {
    return unwrap(t) instanceof S3Exception e && e.statusCode() == 416;
  }
}
