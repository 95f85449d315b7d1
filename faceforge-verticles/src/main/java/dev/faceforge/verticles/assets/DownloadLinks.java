package dev.faceforge.verticles.assets;

import io.vertx.core.http.HttpServerRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stable, secure download links (spec §3.2): {@code /v1/assets/<id>/download?expires=<epoch s>&sig=<hmac>}.
 * The signature is HMAC-SHA256 over the asset id and the expiry with a key derived from the install
 * token, so a link works without the token until it expires, and any change to id or expiry breaks it.
 * Rotating the token revokes every link.
 */
public final class DownloadLinks {
  /** The longest a link may live: 7 days. */
  public static final long MAX_TTL_SECONDS = 7L * 24 * 3600;

  private final byte[] key;
  private final Clock clock;

  public DownloadLinks(String installToken, Clock clock) {
    this.key = hmac(installToken.getBytes(StandardCharsets.UTF_8), "faceforge.download-links.v1");
    this.clock = clock;
  }

  /** The path (with query) of a link to {@code assetId} valid until {@code expiresEpochSecond}. */
  public String path(String assetId, long expiresEpochSecond) {
    return "/v1/assets/" + assetId + "/download?expires=" + expiresEpochSecond + "&sig="
        + signature(assetId, expiresEpochSecond);
  }

  /** True when the request carries a valid, unexpired signature for the asset in its path. */
  public boolean accepts(HttpServerRequest req) {
    String expires = req.getParam("expires");
    String sig = req.getParam("sig");
    String path = req.path();
    if (expires == null || sig == null || !path.startsWith("/v1/assets/") || !path.endsWith("/download")) {
      return false;
    }
    String assetId = path.substring("/v1/assets/".length(), path.length() - "/download".length());
    try {
      long exp = Long.parseLong(expires);
      byte[] expected = signature(assetId, exp).getBytes(StandardCharsets.US_ASCII);
      return exp >= clock.instant().getEpochSecond()
          && MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private String signature(String assetId, long expires) {
    byte[] mac = hmac(key, assetId + "\n" + expires);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
  }

  private static byte[] hmac(byte[] key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required by the JDK", e);
    }
  }
}
