package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.commands.EntityCommand;
import dev.faceforge.verticles.commands.Ids;
import dev.faceforge.verticles.read.EntityReads;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Companion {@code _meta.json} files of a bulk import ({@code photo.jpg_meta.json} or {@code photo_meta.json}):
 * the whole object becomes the asset's {@code user_metadata}; {@code entity_id}, {@code external_ids} (with an
 * optional {@code display_name} to create the entity) or a lone {@code display_name} name the entity to link,
 * {@code role} the link's role and {@code kind} overrides the job's kind. Entities are resolved once per
 * job (concurrent files naming the same entity share one resolution) and idempotently across re-runs.
 */
final class Sidecars {
  private final CommandHandler commands;
  private final EntityReads entities;
  private final EventMetadata metadata;
  private final Map<String, Future<String>> resolved = new ConcurrentHashMap<>();

  Sidecars(CommandHandler commands, EntityReads entities, EventMetadata metadata) {
    this.commands = commands;
    this.entities = entities;
    this.metadata = metadata;
  }

  /** The sidecar of {@code file}, or null when it has none; blocking (call on a worker). */
  static ObjectNode read(Path file) throws IOException {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    for (String candidate : new String[] {name + "_meta.json", dot > 0 ? name.substring(0, dot) + "_meta.json" : null}) {
      if (candidate != null && Files.isRegularFile(file.resolveSibling(candidate))) {
        JsonNode n = DomainEvents.MAPPER.readTree(file.resolveSibling(candidate).toFile());
        if (n == null || !n.isObject()) {
          throw new IOException(candidate + " is not a JSON object");
        }
        return (ObjectNode) n;
      }
    }
    return null;
  }

  /** The entity the sidecar names (created when asked), or null when it names none. */
  Future<String> entity(ObjectNode sidecar) {
    if (sidecar == null) {
      return Future.succeededFuture(null);
    }
    if (sidecar.hasNonNull("entity_id")) {
      String id = sidecar.get("entity_id").asText();
      return resolved.computeIfAbsent("id:" + id, k -> entities.get(id, false).map(d -> {
        if (d == null) {
          throw new IllegalArgumentException("entity_id " + id + " does not exist");
        }
        return id;
      }));
    }
    if (sidecar.hasNonNull("external_ids")) {
      return resolved.computeIfAbsent("ext:" + sidecar.get("external_ids"), k -> byExternalIds(sidecar));
    }
    if (sidecar.hasNonNull("display_name")) {
      String name = sidecar.get("display_name").asText();
      return resolved.computeIfAbsent("name:" + name, k -> byName(name));
    }
    return Future.succeededFuture(null);
  }

  private Future<String> byExternalIds(ObjectNode sidecar) {
    ObjectNode item = JsonNodeFactory.instance.objectNode();
    item.set("external_ids", sidecar.get("external_ids"));
    if (sidecar.hasNonNull("display_name")) {
      item.set("display_name", sidecar.get("display_name"));
    }
    var items = JsonNodeFactory.instance.arrayNode().add(item);
    return commands.handle(new EntityCommand.UpsertEntities(items), metadata).map(o -> {
      JsonNode r = o.document().get("items").get(0);
      if (!"failed".equals(r.get("status").asText())) {
        return r.get("entity_id").asText();
      }
      throw new IllegalArgumentException("cannot resolve external_ids " + sidecar.get("external_ids") + ": "
          + r.path("error").path("detail").asText());
    });
  }

  private Future<String> byName(String name) {
    return entities.idsByExactName(name).compose(ids -> {
      if (!ids.isEmpty()) {
        return Future.succeededFuture(ids.get(0));
      }
      ObjectNode body = JsonNodeFactory.instance.objectNode().put("display_name", name);
      return commands.handle(new EntityCommand.CreateEntity(Ids.newId(), body), metadata)
          .map(o -> o.document().get("entity_id").asText());
    });
  }
}
