package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.events.AssetCreated;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks asset input: kinds are dotted names ({@code image.original}, {@code model.lora}), roles short
 * identifiers, and a patch may change only {@code kind}, {@code user_metadata} and {@code plugin_data}.
 */
public final class AssetDecider {
  /** A dotted kind: at least two lowercase parts. */
  public static final Pattern KIND = Pattern.compile("^[a-z][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)+$");
  private static final Pattern ROLE = Pattern.compile("^[a-z0-9][a-z0-9_.-]{0,63}$");
  static final Set<String> PATCHABLE = Set.of("kind", "user_metadata", "plugin_data");

  private AssetDecider() {
  }

  /** Null when {@code kind} is a valid dotted kind, else the reason. */
  public static String kindProblem(String kind) {
    return kind != null && kind.length() <= 100 && KIND.matcher(kind).matches() ? null
        : "must be a dotted lowercase name such as image.original or model.lora";
  }

  static String role(String role) {
    if (role == null || role.isBlank()) {
      return null;
    }
    if (!ROLE.matcher(role).matches()) {
      throw dev.faceforge.verticles.http.Problem.invalid("role", "lowercase letters, digits, '_', '.', '-' (max 64)");
    }
    return role;
  }

  static AssetCreated created(String assetId, ObjectNode f, String entityId) {
    String kind = AssetExecution.text(f, "kind");
    if (kindProblem(kind) != null) {
      throw dev.faceforge.verticles.http.Problem.invalid("kind", kindProblem(kind));
    }
    ObjectNode owner = JsonNodeFactory.instance.objectNode();
    owner.put("type", entityId == null ? "system" : "entity");
    owner.put("id", entityId == null ? "core" : entityId);
    return new AssetCreated(assetId, kind, AssetExecution.text(f, "mime_type"), f.get("size_bytes").asLong(),
        AssetExecution.text(f, "content_hash"), AssetExecution.object(f, "storage"), owner,
        AssetExecution.text(f, "derived_from_asset_id"), AssetExecution.text(f, "original_filename"),
        AssetExecution.object(f, "extracted_metadata"), AssetExecution.object(f, "user_metadata"),
        JsonNodeFactory.instance.objectNode());
  }

  static ObjectNode changes(ObjectNode current, ObjectNode patch) {
    Inputs in = new Inputs("");
    in.allowOnly(patch, PATCHABLE);
    ObjectNode next = JsonNodeFactory.instance.objectNode();
    if (patch.has("kind")) {
      String kind = patch.get("kind").isTextual() ? patch.get("kind").asText() : null;
      if (kindProblem(kind) != null) {
        in.error("kind", kindProblem(kind));
      }
      next.put("kind", kind);
    }
    for (String field : new String[] {"user_metadata", "plugin_data"}) {
      if (patch.has(field)) {
        if (!patch.get(field).isObject() && !patch.get(field).isNull()) {
          in.error(field, "must be an object");
        } else {
          next.set(field, patch.get(field).isNull() ? JsonNodeFactory.instance.objectNode()
              : MergePatch.apply(current.get(field), patch.get(field)));
        }
      }
    }
    if (patch.has("plugin_data")) {
      in.pluginData(patch.get("plugin_data"), "plugin_data");
    }
    in.check();
    next.properties().removeIf(e -> e.getValue().equals(current.get(e.getKey())));
    return next;
  }
}
