package dev.faceforge.verticles.backup;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manifest.json}, the table of contents of a backup archive: the format and its version, when and
 * by which Core it was made, where the log ends ({@code last_position} and the chain's head hash), the
 * events entry (name, count, sha256 of its bytes) and every blob (sha256, size, entry name). Blobs the
 * log referenced whose bytes were not there at export time are listed in {@code missing_blobs}.
 */
public record Manifest(String createdAt, String coreVersion, long lastPosition, String headHash, Events events,
                       List<Blob> blobs, List<Missing> missing) {
  public static final String FORMAT = "faceforge-backup";
  public static final int VERSION = 1;
  public static final String ENTRY = "manifest.json";
  public static final String EVENTS_ENTRY = "events.ndjson";

  public Manifest {
    blobs = List.copyOf(blobs);
    missing = List.copyOf(missing);
  }

  /** The events entry: its name, how many lines (events) it has, and the sha256 of its bytes. */
  public record Events(String entry, long count, String sha256) {
  }

  /** One blob entry: the content hash (its name), its size, and the entry holding its bytes. */
  public record Blob(String sha256, long size, String entry) {
  }

  /** Bytes the log referenced that could not be exported, and why. */
  public record Missing(String sha256, String reason) {
  }

  /** {@code blobs/sha256/<hash>}. */
  public static String blobEntry(String sha256) {
    return "blobs/sha256/" + sha256;
  }

  public byte[] toBytes() {
    JsonArray blobArray = new JsonArray();
    blobs.forEach(b -> blobArray.add(new JsonObject().put("sha256", b.sha256()).put("size", b.size())
        .put("entry", b.entry())));
    JsonArray missingArray = new JsonArray();
    missing.forEach(m -> missingArray.add(new JsonObject().put("sha256", m.sha256()).put("reason", m.reason())));
    JsonObject json = new JsonObject().put("format", FORMAT).put("format_version", VERSION)
        .put("created_at", createdAt).put("core_version", coreVersion).put("last_position", lastPosition)
        .put("head_hash", headHash)
        .put("events", new JsonObject().put("entry", events.entry()).put("count", events.count())
            .put("sha256", events.sha256()))
        .put("blobs", blobArray).put("missing_blobs", missingArray);
    return json.encodePrettily().getBytes(StandardCharsets.UTF_8);
  }

  /** Parses and checks {@code manifest.json}; anything off is a {@link BackupException} naming it. */
  public static Manifest parse(byte[] bytes) {
    JsonObject json;
    try {
      json = new JsonObject(new String(bytes, StandardCharsets.UTF_8));
    } catch (DecodeException e) {
      throw invalid("not valid JSON");
    }
    if (!FORMAT.equals(json.getValue("format"))) {
      throw new BackupException(ENTRY + ": not a FaceForge backup (format is " + json.getValue("format") + ")");
    }
    Object version = json.getValue("format_version");
    if (!(version instanceof Number n) || n.intValue() < 1) {
      throw invalid("format_version must be a positive integer");
    }
    if (n.intValue() > VERSION) {
      throw new BackupException(ENTRY + ": format version " + n.intValue() + " is newer than this Core reads ("
          + VERSION + "); restore with a newer FaceForge");
    }
    try {
      return new Manifest(text(json, "created_at"), text(json, "core_version"), count(json, "last_position"),
          hash(json, "head_hash"), events(object(json, "events")), blobs(json), missing(json));
    } catch (ClassCastException e) {
      throw invalid("a field has the wrong type (" + e.getMessage() + ")");
    }
  }

  private static Events events(JsonObject o) {
    String entry = text(o, "entry");
    if (!EVENTS_ENTRY.equals(entry)) {
      throw invalid("events.entry must be " + EVENTS_ENTRY);
    }
    return new Events(entry, count(o, "count"), hash(o, "sha256"));
  }

  private static List<Blob> blobs(JsonObject json) {
    List<Blob> out = new ArrayList<>();
    JsonArray array = json.getJsonArray("blobs");
    if (array == null) {
      throw invalid("blobs is missing");
    }
    for (int i = 0; i < array.size(); i++) {
      JsonObject o = array.getJsonObject(i);
      String sha256 = hash(o, "sha256");
      if (!blobEntry(sha256).equals(o.getString("entry"))) {
        throw invalid("blob " + sha256 + " must be stored as " + blobEntry(sha256));
      }
      out.add(new Blob(sha256, count(o, "size"), blobEntry(sha256)));
    }
    return out;
  }

  private static List<Missing> missing(JsonObject json) {
    List<Missing> out = new ArrayList<>();
    JsonArray array = json.getJsonArray("missing_blobs", new JsonArray());
    for (int i = 0; i < array.size(); i++) {
      JsonObject o = array.getJsonObject(i);
      out.add(new Missing(hash(o, "sha256"), o.getString("reason", "")));
    }
    return out;
  }

  private static JsonObject object(JsonObject o, String key) {
    JsonObject v = o.getJsonObject(key);
    if (v == null) {
      throw invalid(key + " is missing");
    }
    return v;
  }

  private static String text(JsonObject o, String key) {
    String v = o.getString(key);
    if (v == null) {
      throw invalid(key + " is missing");
    }
    return v;
  }

  private static long count(JsonObject o, String key) {
    Object v = o.getValue(key);
    if (!(v instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
      throw invalid(key + " must be a non-negative integer");
    }
    return n.longValue();
  }

  private static String hash(JsonObject o, String key) {
    String v = text(o, key);
    if (!Sha256.isHash(v)) {
      throw invalid(key + " must be 64 lower-case hex digits");
    }
    return v;
  }

  private static BackupException invalid(String problem) {
    return new BackupException(ENTRY + ": " + problem + " (archive corrupted?)");
  }
}
