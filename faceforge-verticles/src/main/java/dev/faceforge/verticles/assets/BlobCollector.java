package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.projections.ProjectionState;
import dev.faceforge.verticles.write.Writer;
import io.vertx.core.Future;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the bytes of deleted assets. The check ("is the asset still deleted?") and the removal run as
 * one unit on the single writer, so they cannot interleave with a registration reviving the same bytes
 * (which, on the writer too, checks that the bytes are still there). Runs after each delete and once at
 * startup for deletes whose removal a crash interrupted.
 */
public final class BlobCollector {
  private static final Logger LOG = LoggerFactory.getLogger(BlobCollector.class);
  private final Writer writer;
  private final BlobAccess blobs;

  public BlobCollector(Writer writer, BlobAccess blobs) {
    this.writer = writer;
    this.blobs = blobs;
  }

  /** Removes the bytes of {@code assetId} if it is (still) deleted; true when something was removed. */
  public Future<Boolean> collect(String assetId) {
    return writer.submit(session -> {
      ObjectNode asset = ProjectionState.asset(session.connection(), assetId);
      if (asset == null || asset.get("deleted_at").isNull()) {
        return false;
      }
      ObjectNode storage = (ObjectNode) asset.get("storage");
      // The writer thread is not an event loop: waiting here keeps check and removal atomic.
      return blobs.exists(storage).await() && blobs.delete(storage).map(true).await();
    }).onFailure(e -> LOG.warn("could not remove the bytes of deleted asset {}: {}", assetId, e.toString()));
  }

  /** Collects every deleted asset whose bytes may remain; answers how many byte sets were removed. */
  public Future<Integer> sweep() {
    return writer.submit(session -> {
      List<String> ids = new ArrayList<>();
      try (PreparedStatement ps = session.connection().prepareStatement(
          "SELECT asset_id FROM assets WHERE deleted_at IS NOT NULL"); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getString(1));
        }
      }
      return ids;
    }).compose(ids -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (String id : ids) {
        chain = chain.compose(n -> collect(id).map(removed -> removed ? n + 1 : n).otherwise(n));
      }
      return chain;
    });
  }
}
