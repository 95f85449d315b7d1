package dev.faceforge.verticles.read;

import java.util.List;

/**
 * One page of a list: the items' JSON documents (as stored, not re-encoded), the total count of
 * matches, and the paging fields of the uniform list shape.
 */
public record Page(List<String> items, Long total, int limit, Integer offset, String nextCursor) {

  /** {@code {"items": [...], "total", "limit", "offset", "next_cursor"}}. */
  public String toJson() {
    StringBuilder b = new StringBuilder(64 + items.stream().mapToInt(String::length).sum() + items.size());
    b.append("{\"items\":[");
    for (int i = 0; i < items.size(); i++) {
      b.append(i == 0 ? "" : ",").append(items.get(i));
    }
    b.append("],\"total\":").append(total).append(",\"limit\":").append(limit)
        .append(",\"offset\":").append(offset).append(",\"next_cursor\":")
        .append(nextCursor == null ? "null" : '"' + nextCursor + '"') // base64url: nothing to escape
        .append('}');
    return b.toString();
  }
}
