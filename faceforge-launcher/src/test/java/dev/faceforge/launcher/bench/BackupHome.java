package dev.faceforge.launcher.bench;

import dev.faceforge.eventstore.Sqlite;
import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.CoreConfigLoader;
import dev.faceforge.verticles.config.HomeLayout;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The home the backup rows export, built fast: a {@link MixedLog} of at least the requested size written straight
 * into its database (the rebuild row's log), then a real server started on it (which builds the query tables from
 * that log) imports a folder of random, incompressible files as assets ({@code POST /v1/assets/bulk-import}) and
 * stops. What its query tables hold afterwards is what a restore must reproduce.
 */
final class BackupHome {
  /** What a restored home must hold as the exported one does: events, live entities, descriptors, ... */
  private static final String[][] COUNTS = {
      {"events", "SELECT COUNT(*) FROM events"},
      {"entities", "SELECT COUNT(*) FROM entities WHERE deleted_at IS NULL"},
      {"descriptors", "SELECT COUNT(*) FROM descriptors"},
      {"relationships", "SELECT COUNT(*) FROM relationships"},
      {"assets", "SELECT COUNT(*) FROM assets WHERE deleted_at IS NULL"}};

  final Path home;
  final HomeLayout layout;
  final MixedLog log;
  final long events;
  final int assets;
  final long assetBytes;
  final Map<String, Long> counts;

  private BackupHome(Path home, HomeLayout layout, MixedLog log, long events, int assets, long assetBytes,
                     Map<String, Long> counts) {
    this.home = home;
    this.layout = layout;
    this.log = log;
    this.events = events;
    this.assets = assets;
    this.assetBytes = assetBytes;
    this.counts = counts;
  }

  /** Builds the home at {@code home}; {@code files} assets of {@code fileBytes} each, from {@code scratch}. */
  static BackupHome build(Path home, int minEvents, int files, int fileBytes, Path scratch) throws Exception {
    HomeLayout layout = Opened.of(home).layout();
    MixedLog log = MixedLog.write(layout.dbFile(), minEvents);
    Path folder = Files.createDirectories(scratch);
    Random random = new Random(7);
    byte[] bytes = new byte[fileBytes];
    for (int i = 0; i < files; i++) {
      random.nextBytes(bytes);
      Files.write(folder.resolve(String.format("asset-%04d.bin", i)), bytes);
    }
    long events;
    try (BenchServer server = BenchServer.start(home)) {
      importAssets(server, folder, files);
      events = server.logPosition();
    }
    deleteTree(folder);
    Map<String, Long> counts = counts(layout.dbFile());
    if (counts.get("events") != events || counts.get("entities") != log.liveEntities
        || counts.get("descriptors") != log.liveDescriptors
        || counts.get("relationships") != log.liveRelationships || counts.get("assets") != files) {
      throw new BenchFailure("the backup home holds " + counts + ", expected " + events + " events, "
          + log.liveEntities + " entities, " + log.liveDescriptors + " descriptors, " + log.liveRelationships + " relationships and "
          + files + " assets");
    }
    return new BackupHome(home, layout, log, events, files, (long) files * fileBytes, counts);
  }

  /** A home's configuration and folders, as the CLI's commands open it. */
  record Opened(CoreConfig config, HomeLayout layout) {
    /** Opens {@code home}, creating its {@code core.json} (with a fresh install token) and folders if needed. */
    static Opened of(Path home) {
      CoreConfig config = CoreConfigLoader.load(HomeLayout.coreConfigFile(home));
      return new Opened(config, HomeLayout.of(home, config.paths()).createDirectories());
    }
  }

  private static void importAssets(BenchServer server, Path folder, int files) throws InterruptedException {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try (Api api = new Api(vertx, server.port(), server.token(), 1)) {
      JsonObject job = api.json(HttpMethod.POST, "/v1/assets/bulk-import", new JsonObject()
          .put("path", folder.toAbsolutePath().toString()).put("kind", "data.blob").toBuffer(), 202).await();
      String jobId = job.getString("job_id");
      long deadline = System.nanoTime() + 300_000_000_000L;
      while (!"succeeded".equals(job.getString("status"))) {
        if (Set.of("failed", "canceled").contains(job.getString("status")) || System.nanoTime() > deadline) {
          throw new BenchFailure("bulk import of the backup home's assets: " + job.encode());
        }
        Thread.sleep(20);
        job = api.json(HttpMethod.GET, "/v1/jobs/" + jobId, null, 200).await();
      }
      JsonObject result = job.getJsonObject("result");
      if (result == null || result.getInteger("imported", -1) != files) {
        throw new BenchFailure("bulk import of " + files + " files into the backup home ended with " + job.encode());
      }
    } finally {
      vertx.close().await();
    }
  }

  /** The {@link #COUNTS} of the database {@code db}. */
  static Map<String, Long> counts(Path db) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = Sqlite.openReader(db); Statement s = c.createStatement()) {
      for (String[] count : COUNTS) {
        try (ResultSet rs = s.executeQuery(count[1])) {
          rs.next();
          out.put(count[0], rs.getLong(1));
        }
      }
    }
    return out;
  }

  /** Removes a folder tree, ignoring what is already gone. */
  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The regular files under {@code dir} and their total size: {@code [count, bytes]}. */
  static long[] files(Path dir) throws IOException {
    long[] out = new long[2];
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out[0]++;
        out[1] += Files.size(p);
      }
    }
    return out;
  }
}
