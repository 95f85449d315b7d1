package dev.faceforge.launcher.bench;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark's entities: entity number {@code i} always has the same body, so the number of entities
 * a search must find is known exactly ({@link #matches}), the same way the server searches (a
 * case-insensitive substring of the display name, an alias, a tag or a field value).
 */
final class People {
  static final List<String> SURNAMES = List.of("Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak", "Silva",
      "Kowalski", "Haddad", "Ivanova", "Murphy", "Rossi", "Nguyen", "Schmidt", "Adeyemi", "Costa", "Jensen",
      "Yilmaz", "Dubois", "Petrov", "Kaur", "Fischer", "Mensah", "Larsen", "Romero", "Sato");
  static final List<String> CITIES = List.of("Lisbon", "Oslo", "Nairobi", "Kyoto", "Quito", "Tallinn", "Accra",
      "Hanoi", "Bergen", "Lyon");

  private People() {
  }

  static String displayName(int i) {
    return String.format(Locale.ROOT, "Person %06d %s", i, SURNAMES.get(i % SURNAMES.size()));
  }

  static String alias(int i) {
    return "p" + Integer.toString(i * 7919 + 13, 36);
  }

  static String tag(int i) {
    return "group-" + (i % 20);
  }

  static String city(int i) {
    return CITIES.get(i % CITIES.size());
  }

  /** The create body of entity {@code i}. */
  static JsonObject body(int i) {
    return new JsonObject().put("display_name", displayName(i)).put("aliases", new JsonArray().add(alias(i)))
        .put("tags", new JsonArray().add(tag(i)))
        .put("fields", new JsonObject().put("city", city(i)).put("rank", i % 100));
  }

  static Buffer createBuffer(int i) {
    return body(i).toBuffer();
  }

  /** A bulk-upsert item for entity {@code i} (bulk upsert needs an external id). */
  static JsonObject bulkItem(int i) {
    return body(i).put("external_ids", new JsonObject().put("bench", Integer.toString(i)));
  }

  /** How many of entities {@code 0..count-1} a search for {@code q} finds. */
  static long matches(String q, int count) {
    String needle = q.toLowerCase(Locale.ROOT);
    long n = 0;
    for (int i = 0; i < count; i++) {
      if (searchable(i).stream().anyMatch(s -> s.toLowerCase(Locale.ROOT).contains(needle))) {
        n++;
      }
    }
    return n;
  }

  private static List<String> searchable(int i) {
    return List.of(displayName(i), alias(i), tag(i), city(i), Integer.toString(i % 100));
  }
}
