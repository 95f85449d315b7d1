package dev.faceforge.projections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Pieces of the entity document and its search text. */
public final class EntityDocs {
  private EntityDocs() {
  }

  static ArrayNode strings(List<String> values) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    if (values != null) {
      values.forEach(a::add);
    }
    return a;
  }

  static ObjectNode stringMap(Map<String, String> values) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (values != null) {
      new TreeMap<>(values).forEach(o::put);
    }
    return o;
  }

  static boolean touchesSearch(ObjectNode changes) {
    return changes.has("display_name") || changes.has("aliases") || changes.has("tags") || changes.has("fields");
  }

  /**
   * Display name, aliases, tags and every scalar field value, one per line (trigram-indexed), in lower case:
   * SQLite's LIKE folds ASCII only, so queries are lower-cased the same way ({@link #searchText}) and
   * {@code émile} finds {@code Émile}.
   */
  static String searchBody(ObjectNode doc) {
    StringBuilder b = new StringBuilder(doc.get("display_name").asText());
    doc.path("aliases").forEach(a -> b.append('\n').append(a.asText()));
    doc.path("tags").forEach(t -> b.append('\n').append(t.asText()));
    appendScalars(doc.get("fields"), b);
    return searchText(b.toString());
  }

  /** Text as the search index holds it (and as a query must be put to match it). */
  public static String searchText(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static void appendScalars(JsonNode node, StringBuilder b) {
    if (node == null || node.isNull()) {
      return;
    }
    if (node.isContainerNode()) {
      node.forEach(child -> appendScalars(child, b));
    } else {
      b.append('\n').append(node.asText());
    }
  }
}
