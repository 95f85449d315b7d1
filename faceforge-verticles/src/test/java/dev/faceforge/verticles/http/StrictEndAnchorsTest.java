package dev.faceforge.verticles.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The routing copy of the contract ends patterns with {@code \z}, as ECMA-262 reads {@code $}. */
class StrictEndAnchorsTest {

  @Test
  void aFinalDollarBecomesEndOfInputAnEscapedOneStays() {
    assertThat(ApiContract.strictEnd("^[a-z]+$")).isEqualTo("^[a-z]+\\z");
    assertThat(ApiContract.strictEnd("^price\\$")).isEqualTo("^price\\$");
    assertThat(ApiContract.strictEnd("^a\\\\$")).isEqualTo("^a\\\\\\z");
    assertThat(ApiContract.strictEnd("^[0-9]+")).isEqualTo("^[0-9]+");
    assertThat(java.util.regex.Pattern.compile(ApiContract.strictEnd("^[a-z]+$")).matcher("abc\n").find()).isFalse();
    assertThat(java.util.regex.Pattern.compile("^[a-z]+$").matcher("abc\n").find()).isTrue();
  }

  @Test
  void patternsAreRewrittenInSchemasButNotInExamples() {
    JsonObject doc = new JsonObject().put("components", new JsonObject().put("schemas", new JsonObject()
        .put("Kind", new JsonObject().put("type", "string").put("pattern", "^[a-z]+$")
            .put("example", new JsonObject().put("pattern", "^x$")))
        .put("List", new JsonObject().put("type", "array").put("items", new JsonObject().put("type", "string")
            .put("pattern", "^[0-9]$")))));

    ApiContract.strictEndAnchors(doc);

    JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
    assertThat(schemas.getJsonObject("Kind").getString("pattern")).isEqualTo("^[a-z]+\\z");
    assertThat(schemas.getJsonObject("Kind").getJsonObject("example").getString("pattern")).isEqualTo("^x$");
    assertThat(schemas.getJsonObject("List").getJsonObject("items").getString("pattern")).isEqualTo("^[0-9]\\z");
  }
}
