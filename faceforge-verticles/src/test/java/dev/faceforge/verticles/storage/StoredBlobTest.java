package dev.faceforge.verticles.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class StoredBlobTest {
  private static final String HASH = "ab".repeat(32);

  @Test
  void theStorageRecordHasTheShapeOfSpecSection72() {
    assertThat(StoredBlob.s3("faceforge", HASH).toJson()).isEqualTo(new JsonObject()
        .put("provider", "s3").put("bucket", "faceforge").put("key", "sha256/ab/ab/" + HASH));
    assertThat(StoredBlob.fs(HASH).withFallbackFrom("s3").toJson()).isEqualTo(new JsonObject()
        .put("provider", "fs").put("key", "sha256/ab/ab/" + HASH).put("fallback_from", "s3"));
  }

  @Test
  void theJsonFormRoundTrips() {
    StoredBlob blob = StoredBlob.fs(HASH).withFallbackFrom("s3");

    assertThat(StoredBlob.fromJson(blob.toJson())).isEqualTo(blob);
    assertThat(StoredBlob.fromJson(blob.toJson()).sha256()).isEqualTo(HASH);
  }

  @Test
  void aKeyThatIsNotContentAddressedIsRejected() {
    assertThatThrownBy(() -> StoredBlob.fromJson(new JsonObject().put("provider", "fs").put("key", "../../etc/passwd")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoredBlob.fromJson(new JsonObject().put("provider", "fs")
        .put("key", "sha256/00/00/" + HASH))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StoredBlob.fromJson(new JsonObject().put("key", "sha256/ab/ab/" + HASH)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
