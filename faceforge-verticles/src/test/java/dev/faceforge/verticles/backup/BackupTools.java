package dev.faceforge.verticles.backup;

import dev.faceforge.verticles.ServerSettings;
import dev.faceforge.verticles.api.RunningServer;
import dev.faceforge.verticles.storage.BlobStores;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.OptionalLong;

/** Export, import and verify of one home, as the command line runs them: own Vert.x, own blob stores. */
final class BackupTools implements AutoCloseable {
  final Vertx vertx;
  final BlobStores stores;
  final ServerSettings settings;

  private BackupTools(Vertx vertx, BlobStores stores, ServerSettings settings) {
    this.vertx = vertx;
    this.stores = stores;
    this.settings = settings;
  }

  static BackupTools open(Path home) throws Exception {
    return open(RunningServer.settings(home));
  }

  static BackupTools open(ServerSettings settings) {
    Vertx vertx = Vertx.vertx();
    BlobStores stores = BlobStores.start(vertx, settings.config(), settings.layout()).await();
    return new BackupTools(vertx, stores, settings);
  }

  Exporter.Summary export(Path archive) throws Exception {
    return export(archive, OptionalLong.empty());
  }

  Exporter.Summary export(Path archive, OptionalLong until) throws Exception {
    return new Exporter(vertx, settings.layout(), stores, Clock.systemUTC()).export(archive, until, BackupProgress.NONE);
  }

  Importer.Summary restore(Path archive) throws Exception {
    return restore(archive, OptionalLong.empty());
  }

  Importer.Summary restore(Path archive, OptionalLong until) throws Exception {
    return new Importer(settings.layout(), stores).restore(archive, until, BackupProgress.NONE);
  }

  Verifier.Report verify() throws Exception {
    return new Verifier(vertx, settings.layout(), stores).verify(BackupProgress.NONE);
  }

  /** Import, expecting it to be refused; returns the message. */
  String refusedImport(Path archive) {
    try {
      restore(archive);
    } catch (BackupException e) {
      return e.getMessage();
    } catch (Exception e) {
      throw new AssertionError("expected a BackupException, got " + e, e);
    }
    throw new AssertionError("the import of " + archive + " was not refused");
  }

  @Override
  public void close() {
    stores.close().await();
    vertx.close().await();
  }
}
