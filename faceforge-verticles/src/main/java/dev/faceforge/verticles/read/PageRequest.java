package dev.faceforge.verticles.read;

import dev.faceforge.verticles.http.Problem;
import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Paging input: {@code limit} plus either an opaque keyset {@code cursor} (stable under concurrent
 * inserts) or an {@code offset} — never both. A cursor encodes the last row's sort key and id.
 */
public record PageRequest(int limit, Integer offset, Cursor cursor) {
  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 1000;

  /** The keyset position after which the next page starts, for sort {@code sort}. */
  public record Cursor(String sort, String key, String id) {
  }

  public static PageRequest of(Integer limit, Integer offset, String cursor, String sort) {
    int l = limit == null ? DEFAULT_LIMIT : limit;
    if (l < 1 || l > MAX_LIMIT) {
      throw Problem.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    if (offset != null && cursor != null) {
      throw Problem.badRequest("use either cursor or offset, not both");
    }
    if (offset != null && offset < 0) {
      throw Problem.badRequest("offset must be >= 0");
    }
    return new PageRequest(l, cursor == null ? (offset == null ? 0 : offset) : null, decode(cursor, sort));
  }

  public static String encode(String sort, String key, String id) {
    String json = new JsonArray().add(sort).add(key).add(id).encode();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static Cursor decode(String cursor, String sort) {
    if (cursor == null) {
      return null;
    }
    try {
      JsonArray a = new JsonArray(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
      if (a.size() != 3 || !String.valueOf(sort).equals(a.getString(0))) {
        throw Problem.badRequest("the cursor belongs to a different sort order; start again without it");
      }
      return new Cursor(a.getString(0), a.getString(1), a.getString(2));
    } catch (IllegalArgumentException | ClassCastException | io.vertx.core.json.DecodeException e) {
      throw Problem.badRequest("the cursor is not valid; use next_cursor from a previous page");
    }
  }
}
