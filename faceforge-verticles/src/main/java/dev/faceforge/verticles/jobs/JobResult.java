package dev.faceforge.verticles.jobs;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** What a finished in-process job produced: its {@code result} object and the assets it created. */
public record JobResult(ObjectNode result, List<String> outputAssetIds) {

  public JobResult {
    result = result == null ? JsonNodeFactory.instance.objectNode() : result;
    outputAssetIds = outputAssetIds == null ? List.of() : List.copyOf(outputAssetIds);
  }

  public static JobResult of(ObjectNode result) {
    return new JobResult(result, List.of());
  }
}
