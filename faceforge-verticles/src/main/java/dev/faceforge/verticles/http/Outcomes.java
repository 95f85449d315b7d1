package dev.faceforge.verticles.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.verticles.commands.Outcome;

/** Command outcomes as replies: 201 + Location for creations, 200 + ETag for changes, 204 for deletes. */
public final class Outcomes {
  private Outcomes() {
  }

  public static Reply reply(Outcome o, String locationPrefix, String idField) {
    if (o.document() == null) {
      return Reply.noContent();
    }
    Reply r = Reply.json(o.created() ? 201 : 200, write(o.document()));
    JsonNode version = o.document().get("version");
    if (version != null) {
      r.etag(version.asLong());
    }
    if (o.created()) {
      r.header("Location", locationPrefix + o.document().get(idField).asText());
    }
    return r;
  }

  public static String write(JsonNode node) {
    try {
      return DomainEvents.MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
