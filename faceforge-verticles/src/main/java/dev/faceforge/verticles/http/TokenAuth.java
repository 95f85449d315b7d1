package dev.faceforge.verticles.http;

import io.vertx.ext.web.handler.SecurityPolicyHandler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Predicate;

/**
 * Requires the install token on every operation whose OpenAPI security is not empty ({@code security: []}
 * marks the public ones: health and docs). Accepts {@code Authorization: Bearer}, {@code X-FaceForge-Token}
 * or the {@code ff_token} cookie; compares digests in constant time so timing reveals nothing.
 */
public final class TokenAuth implements SecurityPolicyHandler {
  private final OpenAPIContract routing;
  private final ApiContract contract;
  private final byte[] expectedDigest;
  private final Predicate<HttpServerRequest> signedLink;

  /**
   * @param signedLink accepts a request that carries its own proof instead of the token (signed download
   *                   links); only consulted for the operations in {@link #SIGNED_OPERATIONS}
   */
  public TokenAuth(OpenAPIContract routing, ApiContract contract, String installToken,
                   Predicate<HttpServerRequest> signedLink) {
    this.routing = routing;
    this.contract = contract;
    this.expectedDigest = digest(installToken);
    this.signedLink = signedLink;
  }

  /** Operations a signed link may open. */
  public static final java.util.Set<String> SIGNED_OPERATIONS = java.util.Set.of("downloadAsset", "headAsset");

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest req = ctx.request();
    Operation op = OperationLookup.of(ctx);
    if (op != null && contract.isPublic(op.getOperationId())) {
      ctx.next();
      return;
    }
    if (op != null && SIGNED_OPERATIONS.contains(op.getOperationId()) && req.getParam("sig") != null) {
      if (signedLink.test(req)) {
        ctx.next();
      } else {
        ctx.fail(Problem.forbidden("the download link is invalid or has expired"));
      }
      return;
    }
    if (matches(presented(req))) {
      ctx.next();
    } else {
      ctx.fail(Problem.unauthorized());
    }
  }

  /** True when {@code candidate} is the install token; constant time in the token's content. */
  public boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(expectedDigest, digest(candidate));
  }

  /** True when {@code candidate} is {@code installToken}; constant time, for checks outside the router. */
  public static boolean same(String installToken, String candidate) {
    return candidate != null && MessageDigest.isEqual(digest(installToken), digest(candidate));
  }

  /** The token a request presents (bearer, then header, then cookie), or null. */
  public static String presented(HttpServerRequest req) {
    String auth = req.getHeader("Authorization");
    if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return auth.substring(7).trim();
    }
    String header = req.getHeader("X-FaceForge-Token");
    if (header != null) {
      return header.trim();
    }
    Cookie cookie = req.getCookie("ff_token");
    return cookie == null ? null : cookie.getValue();
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
