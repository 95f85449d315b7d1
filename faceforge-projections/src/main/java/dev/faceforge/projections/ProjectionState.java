package dev.faceforge.projections;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.events.DomainEvents;
import dev.faceforge.projections.events.FieldDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Current state as the deciders need it, read through the writer's connection inside its transaction
 * (exact, because nothing else writes). Documents are the API representations.
 */
public final class ProjectionState {
  private ProjectionState() {
  }

  /** The entity's document (including soft-deleted ones; check {@code deleted_at}), or null. */
  public static ObjectNode entity(Connection c, String entityId) throws SQLException {
    return EntityProjection.load(c, entityId);
  }

  /** The entity currently holding {@code namespace:externalId}, or null. */
  public static String entityByExternalId(Connection c, String namespace, String externalId) throws SQLException {
    return Sql.queryString(c, "SELECT entity_id FROM entity_external_ids WHERE namespace = ? AND external_id = ?",
        namespace, externalId);
  }

  /** The asset's document (including soft-deleted ones; check {@code deleted_at}), or null. */
  public static ObjectNode asset(Connection c, String assetId) throws SQLException {
    return AssetProjection.load(c, assetId);
  }

  public static ObjectNode descriptor(Connection c, String descriptorId) throws SQLException {
    return DescriptorProjection.load(c, descriptorId);
  }

  public static ObjectNode relationship(Connection c, String relationshipId) throws SQLException {
    return RelationshipProjection.load(c, relationshipId);
  }

  /** The id of the relationship {@code source -[type]-> target}, or null. */
  public static String relationshipId(Connection c, String source, String target, String type) throws SQLException {
    return Sql.queryString(c, "SELECT relationship_id FROM relationships WHERE source_entity_id = ?"
        + " AND target_entity_id = ? AND type = ?", source, target, type);
  }

  /** The definition of {@code fieldKey}, or null. */
  public static FieldDefinition fieldDefinition(Connection c, String fieldKey) throws SQLException {
    String json = Sql.queryString(c, "SELECT doc FROM field_defs WHERE field_key = ?", fieldKey);
    return json == null ? null : DomainEvents.MAPPER.convertValue(Sql.parseObject(json), FieldDefinition.class);
  }

  /** The API document of a field definition, or null. */
  public static ObjectNode fieldDefinitionDocument(Connection c, String fieldKey) throws SQLException {
    String json = Sql.queryString(c, "SELECT doc FROM field_defs WHERE field_key = ?", fieldKey);
    return json == null ? null : Sql.parseObject(json);
  }

  /** Every definition of {@code scope} ({@code entity} or {@code descriptor}). */
  public static List<FieldDefinition> fieldDefinitions(Connection c, String scope) throws SQLException {
    return FieldDefinitionProjection.all(c, scope);
  }
}
