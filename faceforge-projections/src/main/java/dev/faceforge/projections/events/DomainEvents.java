package dev.faceforge.projections.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.faceforge.eventstore.EventMetadata;
import dev.faceforge.eventstore.NewEvent;
import dev.faceforge.eventstore.RecordedEvent;
import java.util.Map;

/**
 * The codec between domain event records and log rows: snake_case JSON, unknown properties ignored
 * on read (newer writers may add fields), and the type name -> record class table.
 */
public final class DomainEvents {
  /** The mapper for event data: snake_case, deterministic output. */
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .setSerializationInclusion(JsonInclude.Include.ALWAYS)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
      // tree nodes normalize decimals (100.0 -> 1E+2): write them plain, as JSON readers expect
      .configure(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);

  private static final Map<String, Class<? extends DomainEvent>> TYPES = Map.ofEntries(
      Map.entry(EntityCreated.TYPE, EntityCreated.class),
      Map.entry(EntityUpdated.TYPE, EntityUpdated.class),
      Map.entry(EntityDeleted.TYPE, EntityDeleted.class),
      Map.entry(FieldDefinitionCreated.TYPE, FieldDefinitionCreated.class),
      Map.entry(FieldDefinitionUpdated.TYPE, FieldDefinitionUpdated.class),
      Map.entry(FieldDefinitionDeleted.TYPE, FieldDefinitionDeleted.class),
      Map.entry(DescriptorCreated.TYPE, DescriptorCreated.class),
      Map.entry(DescriptorUpdated.TYPE, DescriptorUpdated.class),
      Map.entry(DescriptorDeleted.TYPE, DescriptorDeleted.class),
      Map.entry(RelationshipCreated.TYPE, RelationshipCreated.class),
      Map.entry(RelationshipDeleted.TYPE, RelationshipDeleted.class),
      Map.entry(AssetCreated.TYPE, AssetCreated.class),
      Map.entry(AssetUpdated.TYPE, AssetUpdated.class),
      Map.entry(AssetDeleted.TYPE, AssetDeleted.class),
      Map.entry(AssetLinked.TYPE, AssetLinked.class),
      Map.entry(AssetUnlinked.TYPE, AssetUnlinked.class));

  /**
   * The last event this thread encoded and its JSON. The writer encodes an event, appends it and projects
   * it on the same thread; the projector then gets the object back instead of parsing the same string.
   */
  private static final ThreadLocal<Object[]> LAST_ENCODED = ThreadLocal.withInitial(() -> new Object[2]);

  private DomainEvents() {
  }

  /** The log row to append for {@code event}. */
  public static NewEvent toNew(DomainEvent event, EventMetadata metadata) {
    try {
      String data = MAPPER.writeValueAsString(event);
      Object[] last = LAST_ENCODED.get();
      last[0] = data;
      last[1] = event;
      return NewEvent.of(event.eventType(), data, metadata);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + event.eventType(), e);
    }
  }

  /** The domain event of a log row, or null when the type is not a core domain event. */
  public static DomainEvent parse(RecordedEvent row) {
    Class<? extends DomainEvent> cls = TYPES.getOrDefault(row.type(), JobEvent.TYPES.get(row.type()));
    if (cls == null) {
      return null;
    }
    Object[] last = LAST_ENCODED.get();
    if (last[0] == row.data() && cls.isInstance(last[1])) {
      return (DomainEvent) last[1]; // the very string this thread just encoded: no need to parse it back
    }
    try {
      return MAPPER.readValue(row.data(), cls);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("event " + row.position() + " (" + row.type() + ") has unreadable data", e);
    }
  }
}
