package dev.faceforge.verticles.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.json.schema.Validator;
import io.vertx.junit5.VertxExtension;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The quick check of string parameters: used where the contract allows it, and never more lenient than the schema. */
@ExtendWith(VertxExtension.class)
class StringCheckTest {
  private static OpenAPIContract contract;

  @BeforeAll
  static void loadContract(Vertx vertx) {
    contract = OpenAPIContract.from(vertx, ApiRouter.CONTRACT).await();
  }

  @Test
  void theStringParametersOfADownloadAreCheckedQuicklyItsIntegerIsNot() {
    Map<String, Boolean> quick = new TreeMap<>();
    contract.operation("downloadAsset").getParameters().forEach(p -> quick.put(p.getName(), StringCheck.of(p) != null));

    assertThat(quick).isEqualTo(Map.of("asset_id", true, "sig", true, "expires", false, "Range", true,
        "If-Range", true, "If-None-Match", true));
  }

  @Test
  void whatTheQuickCheckAcceptsTheSchemaValidatorAcceptsForEveryParameterOfTheContract() {
    List<String> values = List.of("", "a", "ab".repeat(32), "AB".repeat(32), "ab".repeat(33), "ab".repeat(31) + "a",
        "ab".repeat(32) + "\n", "bytes=0-99", "bytes=" + "1".repeat(2000), "\"" + "ab".repeat(32) + "\"", "-created_at",
        "display_name", "Ærø", "\uD83D\uDE00".repeat(60), "x".repeat(120), "1", "true", "null", "{\"a\": 1}", "a b");
    List<String> checked = new ArrayList<>();
    for (Operation op : contract.operations()) {
      for (Parameter p : op.getParameters()) {
        StringCheck quick = StringCheck.of(p);
        if (quick == null) {
          continue;
        }
        Validator schema = contract.getSchemaRepository().validator(p.getSchema());
        for (String v : values) {
          if (quick.accepts(v)) {
            assertThat(schema.validate(v).getValid()).as("%s %s = %s", op.getOperationId(), p.getName(), v).isTrue();
          }
        }
        checked.add(op.getOperationId() + "." + p.getName());
      }
    }
    assertThat(checked).contains("getEntity.entity_id", "downloadAsset.asset_id", "downloadAsset.Range");
  }

  @Test
  void anIdIsAcceptedOnlyWhenItMatchesThePattern() {
    StringCheck id = StringCheck.of(parameter("getAsset", "asset_id"));

    assertThat(id.accepts("ab".repeat(32))).isTrue();
    assertThat(id.accepts("AB".repeat(32))).isFalse();
    assertThat(id.accepts("not-an-id")).isFalse();
  }

  @Test
  void lengthsAreBoundedInUnitsAndInCodePoints() {
    StringCheck range = StringCheck.of(parameter("downloadAsset", "Range"));

    assertThat(range.accepts("x".repeat(2000))).isTrue();
    assertThat(range.accepts("x".repeat(2001))).isFalse();
    assertThat(range.accepts("\uD83D\uDE00".repeat(1001))).as("2002 UTF-16 units, 1001 code points").isFalse();
  }

  private static Parameter parameter(String operationId, String name) {
    return contract.operation(operationId).getParameters().stream().filter(p -> p.getName().equals(name))
        .findFirst().orElseThrow();
  }
}
