package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.storage.StoredBlob;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * What a download needs of one live asset, taken once from its document: where the bytes are, how many there
 * are, and the header values that describe them ({@code ETag} is the content hash in quotes,
 * {@code Content-Disposition} is built from the original file name).
 *
 * @param assetId     the asset's id
 * @param storage     where the bytes are (the document's {@code storage} record)
 * @param size        {@code size_bytes}
 * @param mimeType    {@code mime_type}, sent as {@code Content-Type}
 * @param etag        {@code "<content_hash>"}
 * @param disposition the {@code Content-Disposition} value
 * @param file        the local file that holds the bytes when their provider keeps one ({@code fs}), else null
 */
record DownloadTarget(String assetId, StoredBlob storage, long size, String mimeType, String etag,
                      String disposition, Path file) {

  /** The target of an asset document as the read model stores it; {@code localFile} as {@link #file}. */
  static DownloadTarget of(ObjectNode asset, Function<StoredBlob, Path> localFile) {
    StoredBlob storage = StoredBlob.fromJson(new JsonObject(asset.get("storage").toString()));
    return new DownloadTarget(asset.get("asset_id").asText(), storage, asset.get("size_bytes").asLong(),
        asset.get("mime_type").asText(), "\"" + asset.get("content_hash").asText() + "\"",
        ContentDisposition.attachment(text(asset, "original_filename")), localFile.apply(storage));
  }

  private static String text(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }
}
