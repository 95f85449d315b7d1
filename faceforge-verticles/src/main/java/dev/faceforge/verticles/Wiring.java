package dev.faceforge.verticles;

import dev.faceforge.eventstore.Durability;
import dev.faceforge.eventstore.EventStore;
import dev.faceforge.projections.CoreProjector;
import dev.faceforge.projections.Projections;
import dev.faceforge.verticles.assets.BlobAccess;
import dev.faceforge.verticles.assets.BlobCollector;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.config.HomeLock;
import dev.faceforge.verticles.http.ApiContract;
import dev.faceforge.verticles.http.ApiRouter;
import dev.faceforge.verticles.http.DocsRoutes;
import dev.faceforge.verticles.jobs.JobTypes;
import dev.faceforge.verticles.jobs.Jobs;
import dev.faceforge.verticles.live.LiveEvents;
import dev.faceforge.verticles.live.LiveOptions;
import dev.faceforge.verticles.read.JobReads;
import dev.faceforge.verticles.read.ReadPool;
import dev.faceforge.verticles.storage.BlobStores;
import dev.faceforge.verticles.storage.SeaweedSidecar;
import dev.faceforge.verticles.write.Writer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Core's parts in order — store (after bringing the query tables up to date), read pool, tmp/ sweep,
 * SeaweedFS sidecar, blob stores, jobs, HTTP — registering how to stop each one as it comes up.
 */
final class Wiring {
  private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);

  final Vertx vertx;
  final ServerSettings settings;
  final Clock clock;
  final Closers closers = new Closers();
  EventStore store;
  ReadPool pool;
  BlobStores blobs;
  BlobCollector collector;
  LiveEvents live;
  java.util.Optional<dev.faceforge.verticles.assets.ExifTool> exiftool = java.util.Optional.empty();
  CommandHandler commands;
  Jobs jobs;
  ApiRouter.Setup apiSetup;
  int port;

  Wiring(Vertx vertx, ServerSettings settings, Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.clock = clock;
  }

  Future<Void> openStore(LiveOptions liveOptions) {
    return vertx.executeBlocking(() -> {
      HomeLock lock = HomeLock.acquire(settings.layout(), "serve");
      closers.add(() -> vertx.executeBlocking(() -> {
        lock.close();
        return null;
      }));
      long rebuilt = Projections.ensureCurrent(settings.layout().dbFile());
      if (rebuilt >= 0) {
        LOG.info("query tables rebuilt from {} events (projection schema {})", rebuilt,
            CoreProjector.SCHEMA_VERSION);
      }
      store = EventStore.open(settings.layout().dbFile(), Durability.FULL, new CoreProjector(), clock);
      closers.add(() -> vertx.executeBlocking(() -> {
        store.close();
        return null;
      }));
      live = new LiveEvents(vertx, vertx.getOrCreateContext(), store.lastPosition(), liveOptions);
      store.onCommit(live::committed); // the one commit listener: SSE, WebSocket and the bus fan out from it
      pool = new ReadPool(vertx, settings.layout().dbFile(), 4);
      closers.add(pool::close);
      commands = new CommandHandler(new Writer(vertx, store), clock);
      return null;
    });
  }

  /**
   * Deletes the temp files of uploads and imports that a crash or a stop cut short: before the API and the jobs
   * start, nothing can be writing them (an interrupted import resumes from its source files).
   */
  Future<Void> sweepTmp() {
    Path tmp = settings.layout().tmpDir();
    return vertx.executeBlocking(() -> {
      int removed = 0;
      try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp, "{upload,import}-*.part")) {
        for (Path f : files) {
          removed += Files.deleteIfExists(f) ? 1 : 0;
        }
      }
      if (removed > 0) {
        LOG.info("removed {} unfinished temp files from {}", removed, tmp);
      }
      return null;
    });
  }

  Future<Void> startStorage() {
    exiftool = dev.faceforge.verticles.assets.ExifTool.of(settings.config(), settings.layout());
    return SeaweedSidecar.start(vertx, settings.config(), settings.layout()).compose(sidecar -> {
      closers.add(sidecar::stop);
      return BlobStores.start(vertx, settings.config(), settings.layout());
    }).compose(stores -> {
      blobs = stores;
      closers.add(stores::close);
      BlobAccess access = new BlobAccess(stores);
      commands.blobCheck(storage -> access.exists(storage).await()); // on the writer thread, never an event loop
      collector = new BlobCollector(new Writer(vertx, store), access);
      return collector.sweep().<Void>mapEmpty().otherwiseEmpty();
    });
  }

  Future<Void> startJobs(JobTypes types) {
    return Jobs.prepare(vertx, settings.jobs(), types, settings.layout().pluginsDir(), store, commands,
        new JobReads(pool), clock).compose(j -> {
          jobs = j;
          return j.deploy(vertx);
        }).map(id -> {
          closers.add(() -> vertx.undeploy(id));
          return null;
        });
  }

  Future<Void> startApi(ApiParts parts) {
    port = settings.port() == 0 ? freePort(settings.bindHost()) : settings.port();
    int instances = Runtime.getRuntime().availableProcessors();
    return ApiContract.load(vertx, ApiRouter.CONTRACT)
        .compose(api -> DocsRoutes.load(vertx, api).map(docs -> parts.setup(this, api, docs)))
        .compose(setup -> {
          apiSetup = setup;
          return vertx.deployVerticle(() -> new ApiVerticle(settings.bindHost(), port, setup),
              new DeploymentOptions().setInstances(instances));
        })
        .map(id -> {
          closers.add(() -> vertx.undeploy(id));
          return null;
        });
  }

  /** Builds the router setup once the contract and the docs are loaded. */
  interface ApiParts {
    ApiRouter.Setup setup(Wiring w, ApiContract api, DocsRoutes docs);
  }

  private static int freePort(String host) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }
}
