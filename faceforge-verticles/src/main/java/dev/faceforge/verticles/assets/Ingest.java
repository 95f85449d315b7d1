package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.commands.AssetCommand.RegisterAsset;
import dev.faceforge.verticles.commands.AssetDecider;
import dev.faceforge.verticles.http.Problem;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The facts of one ingest, checked before any bytes are stored (so a client mistake leaves nothing
 * behind): the form fields of an upload (or a bulk-import sidecar) plus what was learnt from the bytes.
 */
record Ingest(String kind, String entityId, String role, String derivedFrom, ObjectNode userMetadata) {
  private static final Pattern ID = Pattern.compile("^[0-9a-f]{64}$");

  /** Reads and checks the form fields of an upload; collects every problem into one 400/422. */
  static Ingest fromForm(MultiMap form, ObjectNode meta) {
    List<Problem.FieldError> errors = new ArrayList<>();
    String kind = form.get("kind");
    if (kind == null || kind.isBlank()) {
      errors.add(new Problem.FieldError("kind", "is required (e.g. image.original, model.lora)"));
    } else if (AssetDecider.kindProblem(kind.trim()) != null) {
      errors.add(new Problem.FieldError("kind", AssetDecider.kindProblem(kind.trim())));
    }
    String entityId = id(form.get("entity_id"), "entity_id", errors);
    String derived = id(form.get("derived_from_asset_id"), "derived_from_asset_id", errors);
    String role = blankToNull(form.get("role"));
    if (role != null && entityId == null) {
      errors.add(new Problem.FieldError("role", "needs entity_id"));
    }
    if (!errors.isEmpty()) {
      throw Problem.invalid(errors);
    }
    return new Ingest(kind.trim(), entityId, role, derived, meta);
  }

  /** The command that registers the stored bytes. */
  RegisterAsset command(String sha256, long size, String mimeType, String filename, ObjectNode extracted,
                        ObjectNode storage) {
    ObjectNode facts = JsonNodeFactory.instance.objectNode();
    facts.put("kind", kind);
    facts.put("mime_type", mimeType);
    facts.put("size_bytes", size);
    facts.put("content_hash", sha256);
    facts.set("storage", storage);
    facts.put("derived_from_asset_id", derivedFrom);
    facts.put("original_filename", filename);
    facts.set("extracted_metadata", extracted);
    facts.set("user_metadata", userMetadata == null ? JsonNodeFactory.instance.objectNode() : userMetadata);
    return new RegisterAsset(sha256, facts, entityId, role);
  }

  private static String id(String value, String field, List<Problem.FieldError> errors) {
    String v = blankToNull(value);
    if (v != null && !ID.matcher(v).matches()) {
      errors.add(new Problem.FieldError(field, "must be a 64-character lowercase hex id"));
      return null;
    }
    return v;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
