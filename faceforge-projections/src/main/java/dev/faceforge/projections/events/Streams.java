package dev.faceforge.projections.events;

/** Stream ids: {@code <aggregate>:<id>}. */
public final class Streams {
  private Streams() {
  }

  public static String entity(String entityId) {
    return "entity:" + entityId;
  }

  public static String fieldDefinition(String fieldKey) {
    return "field_definition:" + fieldKey;
  }

  public static String descriptor(String descriptorId) {
    return "descriptor:" + descriptorId;
  }

  public static String asset(String assetId) {
    return "asset:" + assetId;
  }

  public static String relationship(String relationshipId) {
    return "relationship:" + relationshipId;
  }

  public static String job(String jobId) {
    return "job:" + jobId;
  }
}
