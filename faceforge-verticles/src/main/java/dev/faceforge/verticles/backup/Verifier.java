package dev.faceforge.verticles.backup;

import dev.faceforge.eventstore.EventReader;
import dev.faceforge.eventstore.Sqlite;
import dev.faceforge.eventstore.VerifyReport;
import dev.faceforge.projections.CoreProjector;
import dev.faceforge.projections.Rebuilder;
import dev.faceforge.verticles.config.HomeLayout;
import dev.faceforge.verticles.storage.BlobNotFoundException;
import dev.faceforge.verticles.storage.BlobStores;
import dev.faceforge.verticles.storage.StoredBlob;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a home end to end: the log's hash chain and gapless positions; that the query tables equal a
 * rebuild from the log (on a consistent copy made with {@code VACUUM INTO} under {@code tmp/}, rebuilt and
 * compared table by table, row by row); and that the bytes of every live asset (per the rebuilt tables,
 * i.e. per the log) exist and hash to the asset's id, read in full through {@link BlobStores}. Reports
 * every problem as one line; safe while a server runs (it only reads the home's database).
 */
public final class Verifier {
  private final HomeLayout layout;
  private final BlobFetcher fetcher;

  public Verifier(Vertx vertx, HomeLayout layout, BlobStores stores) {
    this.layout = layout;
    this.fetcher = new BlobFetcher(vertx, stores, layout.tmpDir());
  }

  /** What was checked, and every problem found (empty: the home is healthy). */
  public record Report(long events, int tables, int assets, long bytes, List<String> problems, Duration took) {
    public boolean ok() {
      return problems.isEmpty();
    }

    public String line() {
      return String.format(java.util.Locale.ROOT, "%s: %d events, %d query tables, %d assets (%s) checked in %.2f s",
          ok() ? "No problems found" : problems.size() + " problem(s) found", events, tables, assets,
          Sizes.mb(bytes), took.toNanos() / 1e9);
    }
  }

  public Report verify(BackupProgress progress) throws IOException, SQLException {
    Path db = layout.dbFile();
    if (!Files.isRegularFile(db)) {
      throw new BackupException("no database to verify at " + db);
    }
    long started = System.nanoTime();
    List<String> problems = new ArrayList<>();
    VerifyReport chain;
    try (EventReader reader = EventReader.open(db)) {
      chain = reader.verify();
    }
    chain.problems().forEach(p -> problems.add("event log: " + p));
    progress.info("hash chain checked: " + chain.eventsChecked() + " events");
    Path work = Files.createDirectories(layout.tmpDir()).resolve("verify-" + System.nanoTime());
    Files.createDirectory(work);
    try {
      Path snapshot = work.resolve("snapshot.sqlite3");
      Path rebuilt = work.resolve("rebuilt.sqlite3");
      vacuumInto(db, snapshot);
      Files.copy(snapshot, rebuilt);
      boolean rebuiltOk = rebuild(rebuilt, problems);
      if (rebuiltOk) {
        problems.addAll(TableComparison.compare(snapshot, rebuilt));
      }
      progress.info("query tables compared with a rebuild");
      BlobCheck blobs = new BlobCheck(problems);
      blobs.run(rebuiltOk ? rebuilt : snapshot);
      return new Report(chain.eventsChecked(), CoreProjector.TABLES.length, blobs.assets, blobs.bytes,
          List.copyOf(problems), Duration.ofNanos(System.nanoTime() - started));
    } finally {
      HomeState.deleteTree(work);
    }
  }

  /** A transactionally consistent copy of the database, taken while a server may be writing. */
  private static void vacuumInto(Path db, Path copy) throws SQLException {
    try (Connection c = Sqlite.openReader(db); PreparedStatement ps = c.prepareStatement("VACUUM INTO ?")) {
      ps.setString(1, copy.toAbsolutePath().toString());
      ps.execute();
    }
  }

  private static boolean rebuild(Path copy, List<String> problems) {
    try {
      Rebuilder.rebuild(copy);
      return true;
    } catch (RuntimeException e) {
      problems.add("query tables: rebuilding them from the log fails: " + e.getMessage());
      return false;
    }
  }

  /** Reads every live asset's bytes in full and checks their hash. */
  private final class BlobCheck {
    private final List<String> problems;
    private int assets;
    private long bytes;

    BlobCheck(List<String> problems) {
      this.problems = problems;
    }

    void run(Path db) throws SQLException, IOException {
      try (Connection c = Sqlite.openReader(db); PreparedStatement ps = c.prepareStatement(
          "SELECT asset_id, size_bytes, doc FROM assets WHERE deleted_at IS NULL ORDER BY rid");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          check(rs.getString(1), rs.getLong(2), new JsonObject(rs.getString(3)).getJsonObject("storage"));
        }
      }
    }

    private void check(String assetId, long size, JsonObject storageJson) throws IOException {
      assets++;
      StoredBlob storage;
      try {
        storage = StoredBlob.fromJson(storageJson == null ? new JsonObject() : storageJson);
      } catch (IllegalArgumentException e) {
        problems.add("asset " + assetId + ": unusable storage record: " + e.getMessage());
        return;
      }
      try (BlobFetcher.Local local = fetcher.fetch(storage, size)) {
        String actual = Sha256.of(local.path(), local.offset(), local.length());
        bytes += size;
        if (!actual.equals(assetId)) {
          problems.add("asset " + assetId + ": its bytes in " + storage.provider() + " (" + storage.key()
              + ") do not match its sha256 (they hash to " + actual + ")");
        }
      } catch (BlobNotFoundException e) {
        if (stillLive(assetId)) {
          problems.add("asset " + assetId + ": bytes missing from " + storage.provider() + " (" + storage.key() + ")");
        }
      } catch (IllegalArgumentException e) {
        problems.add("asset " + assetId + ": wrong size in " + storage.provider() + " (" + storage.key() + "): "
            + e.getMessage());
      } catch (RuntimeException e) {
        problems.add("asset " + assetId + ": cannot read its bytes from " + storage.provider() + ": " + e.getMessage());
      }
    }

    /** Whether the asset is live in the home's database now (a server may have deleted it since the copy). */
    private boolean stillLive(String assetId) {
      try (Connection c = Sqlite.openReader(layout.dbFile());
           PreparedStatement ps = c.prepareStatement("SELECT deleted_at IS NULL FROM assets WHERE asset_id = ?")) {
        ps.setString(1, assetId);
        try (ResultSet rs = ps.executeQuery()) {
          return !rs.next() || rs.getBoolean(1);
        }
      } catch (SQLException | RuntimeException e) {
        return true;
      }
    }
  }
}
