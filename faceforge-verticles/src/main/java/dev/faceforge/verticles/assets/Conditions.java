package dev.faceforge.verticles.assets;

/** RFC 9110 conditional-request checks against a strong ETag. */
final class Conditions {
  private Conditions() {
  }

  /** True when {@code If-None-Match} names {@code etag} (weak comparison) or is {@code *}. */
  static boolean noneMatch(String header, String etag) {
    if (header == null) {
      return false;
    }
    for (String candidate : header.split(",")) {
      String c = candidate.trim();
      if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when a {@code Range} may be honoured: no {@code If-Range}, or an {@code If-Range} that is exactly our
   * strong ETag (a date or another ETag means "the representation changed: send it all").
   */
  static boolean rangeApplies(String ifRange, String etag) {
    return ifRange == null || ifRange.trim().equals(etag);
  }
}
