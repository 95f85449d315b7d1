package dev.faceforge.verticles;

import dev.faceforge.eventstore.EventStore;
import dev.faceforge.verticles.assets.AssetRoutes;
import dev.faceforge.verticles.assets.BlobAccess;
import dev.faceforge.verticles.assets.BulkImport;
import dev.faceforge.verticles.assets.BulkImportRoutes;
import dev.faceforge.verticles.assets.ImportPipeline;
import dev.faceforge.verticles.assets.DownloadLinks;
import dev.faceforge.verticles.assets.DownloadTargets;
import dev.faceforge.verticles.assets.Uploads;
import dev.faceforge.verticles.backup.ExportJob;
import dev.faceforge.verticles.http.ApiContract;
import dev.faceforge.verticles.http.ApiRouter;
import dev.faceforge.verticles.http.DescriptorRoutes;
import dev.faceforge.verticles.http.DocsRoutes;
import dev.faceforge.verticles.http.EntityRoutes;
import dev.faceforge.verticles.http.FieldDefinitionRoutes;
import dev.faceforge.verticles.http.HealthRoutes;
import dev.faceforge.verticles.http.JobRoutes;
import dev.faceforge.verticles.http.JobRunnerRoutes;
import dev.faceforge.verticles.http.RelationshipRoutes;
import dev.faceforge.verticles.jobs.JobTypes;
import dev.faceforge.verticles.read.AssetReads;
import dev.faceforge.verticles.live.EventBusBridge;
import dev.faceforge.verticles.live.EventLogReads;
import dev.faceforge.verticles.live.EventRoutes;
import dev.faceforge.verticles.live.LiveEvents;
import dev.faceforge.verticles.live.LiveOptions;
import dev.faceforge.verticles.live.StreamRoutes;
import dev.faceforge.verticles.read.DescriptorReads;
import dev.faceforge.verticles.read.EntityReads;
import dev.faceforge.verticles.read.FieldDefinitionReads;
import dev.faceforge.verticles.read.RelationshipReads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

/**
 * A running FaceForge Core: the event store with its single writer, the read pool, blob storage (and
 * the SeaweedFS sidecar when enabled), the job runner, and one HTTP server per event loop. Query tables
 * are brought up to date first (a changed projection schema is a rebuild, never a migration).
 */
public final class FaceForgeServer {
  /** The Core version reported by /healthz. */
  public static final String VERSION = "0.1.0";
  /** The clock of event times and of the times events carry as data (job leases, link expiry). */
  private static final Clock CLOCK = Clock.systemUTC();

  private final Wiring wiring;

  private FaceForgeServer(Wiring wiring) {
    this.wiring = wiring;
  }

  /** Starts every part under {@code settings.layout()}; completes when the HTTP servers listen. */
  public static Future<FaceForgeServer> start(Vertx vertx, ServerSettings settings) {
    return start(vertx, settings, LiveOptions.defaults());
  }

  /** As {@link #start(Vertx, ServerSettings)} with tuned live streams (tests shorten heartbeats and buffers). */
  public static Future<FaceForgeServer> start(Vertx vertx, ServerSettings settings, LiveOptions liveOptions) {
    Wiring w = new Wiring(vertx, settings, CLOCK);
    return w.openStore(liveOptions)
        .compose(x -> w.sweepTmp())
        .compose(x -> w.startStorage())
        .compose(x -> w.startJobs(jobTypes(w)))
        .compose(x -> w.startApi((wiring, api, docs) -> setup(wiring, api, docs, liveOptions)))
        .map(x -> new FaceForgeServer(w))
        .recover(e -> w.closers.closeAll().transform(x -> Future.failedFuture(e)));
  }

  /** The core job types Core runs in-process: features register their executors here. */
  private static JobTypes jobTypes(Wiring w) {
    ImportPipeline imports = new ImportPipeline(w.vertx, w.settings.layout().tmpDir(), w.commands,
        new EntityReads(w.pool), new AssetReads(w.pool), new BlobAccess(w.blobs), w.exiftool);
    w.closers.add(imports::stop);
    return new JobTypes(w.settings.jobs().executors()).register(BulkImport.TYPE, new BulkImport(imports))
        .register(ExportJob.TYPE, new ExportJob(w.settings.layout(), w.blobs, CLOCK));
  }

  private static ApiRouter.Setup setup(Wiring w, ApiContract api, DocsRoutes docs, LiveOptions liveOptions) {
    String token = w.settings.config().auth().installToken();
    DownloadLinks links = new DownloadLinks(token, CLOCK);
    EventBusBridge bridge = new EventBusBridge(w.vertx, token);
    List<Consumer<RouterBuilder>> binders = new java.util.ArrayList<>(binders(w, docs, links));
    binders.addAll(liveBinders(w, liveOptions, bridge));
    return new ApiRouter.Setup(api, token, links::accepts, List.copyOf(binders), List.of(bridge::mount));
  }

  private static List<Consumer<RouterBuilder>> binders(Wiring w, DocsRoutes docs, DownloadLinks links) {
    EntityReads entities = new EntityReads(w.pool);
    AssetReads assets = new AssetReads(w.pool);
    BlobAccess blobs = new BlobAccess(w.blobs);
    Uploads uploads = new Uploads(w.vertx, w.settings.layout().tmpDir(), w.commands, entities, assets, blobs::put,
        w.exiftool);
    DownloadTargets targets = DownloadTargets.watching(w.store, assets, blobs);
    w.closers.add(() -> {
      targets.close();
      return Future.succeededFuture();
    });
    return List.of(
        new HealthRoutes(w.store, VERSION)::bind,
        docs::bind,
        new EntityRoutes(w.commands, entities)::bind,
        new FieldDefinitionRoutes(w.commands, new FieldDefinitionReads(w.pool))::bind,
        new DescriptorRoutes(w.commands, new DescriptorReads(w.pool), entities)::bind,
        new RelationshipRoutes(w.commands, new RelationshipReads(w.pool))::bind,
        new AssetRoutes(w.vertx, w.commands, assets, entities, targets, blobs::read, links, uploads, w.collector,
            CLOCK)::bind,
        new BulkImportRoutes(w.vertx, w.commands)::bind,
        new JobRoutes(w.commands, w.jobs)::bind,
        new JobRunnerRoutes(w.commands, w.jobs.catalog())::bind);
  }

  private static List<Consumer<RouterBuilder>> liveBinders(Wiring w, LiveOptions options, EventBusBridge bridge) {
    EventLogReads events = new EventLogReads(w.pool, w.store::lastPosition);
    return List.of(new EventRoutes(events)::bind, new StreamRoutes(w.live, events, options)::bind, bridge::bind);
  }

  /** The port the HTTP servers listen on (resolved when 0 was asked for). */
  public int actualPort() {
    return wiring.port;
  }

  /** What the HTTP routers are built from (the contract test builds the same router from it). */
  public ApiRouter.Setup routerSetup() {
    return wiring.apiSetup;
  }

  /** The event store (for in-process tools and tests). */
  public EventStore store() {
    return wiring.store;
  }

  /** The live event hub (subscriber counts, for tests and diagnostics). */
  public LiveEvents live() {
    return wiring.live;
  }

  /** Stops the HTTP servers and the job runner, drains the writer, closes storage and the store. */
  public Future<Void> close() {
    return wiring.closers.closeAll();
  }
}
