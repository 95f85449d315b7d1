package dev.faceforge.verticles;

import dev.faceforge.eventstore.Durability;
import dev.faceforge.eventstore.EventStore;
import dev.faceforge.projections.CoreProjector;
import dev.faceforge.projections.Projections;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.http.ApiContract;
import dev.faceforge.verticles.http.ApiRouter;
import dev.faceforge.verticles.http.DescriptorRoutes;
import dev.faceforge.verticles.http.DocsRoutes;
import dev.faceforge.verticles.http.EntityRoutes;
import dev.faceforge.verticles.http.FieldDefinitionRoutes;
import dev.faceforge.verticles.http.HealthRoutes;
import dev.faceforge.verticles.http.RelationshipRoutes;
import dev.faceforge.verticles.live.EventBusBridge;
import dev.faceforge.verticles.live.EventLogReads;
import dev.faceforge.verticles.live.EventRoutes;
import dev.faceforge.verticles.live.LiveEvents;
import dev.faceforge.verticles.live.LiveOptions;
import dev.faceforge.verticles.live.StreamRoutes;
import dev.faceforge.verticles.read.DescriptorReads;
import dev.faceforge.verticles.read.EntityReads;
import dev.faceforge.verticles.read.FieldDefinitionReads;
import dev.faceforge.verticles.read.ReadPool;
import dev.faceforge.verticles.read.RelationshipReads;
import dev.faceforge.verticles.write.Writer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running FaceForge Core: the event store with its single writer, the read pool, and one HTTP
 * server per event loop. {@link #start} brings the query tables up to date first (a changed
 * projection schema is a rebuild, never a migration).
 */
public final class FaceForgeServer {
  private static final Logger LOG = LoggerFactory.getLogger(FaceForgeServer.class);
  /** The Core version reported by /healthz. */
  public static final String VERSION = "0.1.0";

  private final Vertx vertx;
  private final EventStore store;
  private final ReadPool reads;
  private final LiveEvents live;
  private final String deploymentId;
  private final int port;

  private FaceForgeServer(Vertx vertx, EventStore store, ReadPool reads, LiveEvents live, String deploymentId,
                          int port) {
    this.vertx = vertx;
    this.store = store;
    this.reads = reads;
    this.live = live;
    this.deploymentId = deploymentId;
    this.port = port;
  }

  /** Opens the store under {@code settings.layout()}, starts the HTTP servers, completes when they listen. */
  public static Future<FaceForgeServer> start(Vertx vertx, ServerSettings settings) {
    return start(vertx, settings, LiveOptions.defaults());
  }

  /** As {@link #start(Vertx, ServerSettings)} with tuned live streams (tests shorten heartbeats and buffers). */
  public static Future<FaceForgeServer> start(Vertx vertx, ServerSettings settings, LiveOptions liveOptions) {
    return vertx.executeBlocking(() -> openStore(settings))
        .compose(store -> deploy(vertx, settings, store, liveOptions));
  }

  private static EventStore openStore(ServerSettings settings) {
    long rebuilt = Projections.ensureCurrent(settings.layout().dbFile());
    if (rebuilt >= 0) {
      LOG.info("query tables rebuilt from {} events (projection schema {})", rebuilt, CoreProjector.SCHEMA_VERSION);
    }
    return EventStore.open(settings.layout().dbFile(), Durability.FULL, new CoreProjector(), Clock.systemUTC());
  }

  private static Future<FaceForgeServer> deploy(Vertx vertx, ServerSettings settings, EventStore store,
                                                LiveOptions liveOptions) {
    ReadPool pool = new ReadPool(vertx, settings.layout().dbFile(), 4);
    LiveEvents live = new LiveEvents(vertx, vertx.getOrCreateContext());
    store.onCommit(live::committed); // the one commit listener: SSE, WebSocket and the bus all fan out from it
    EventBusBridge bridge = new EventBusBridge(vertx, settings.config().auth().installToken());
    int port = settings.port() == 0 ? freePort(settings.bindHost()) : settings.port();
    int instances = Runtime.getRuntime().availableProcessors();
    return ApiContract.load(vertx, ApiRouter.CONTRACT).compose(api -> DocsRoutes.load(vertx, api).compose(docs -> {
      List<Consumer<RouterBuilder>> binders = new java.util.ArrayList<>(binders(vertx, store, pool, docs));
      binders.addAll(liveBinders(store, pool, live, liveOptions, bridge));
      List<Consumer<Router>> mounts = List.of(bridge::mount);
      return vertx.deployVerticle(() -> new ApiVerticle(settings.bindHost(), port, api,
          settings.config().auth().installToken(), binders, mounts), new DeploymentOptions().setInstances(instances));
    })).map(id -> new FaceForgeServer(vertx, store, pool, live, id, port))
        .recover(e -> pool.close().eventually(() -> vertx.executeBlocking(() -> {
          store.close();
          return null;
        })).transform(x -> Future.failedFuture(e)));
  }

  private static List<Consumer<RouterBuilder>> binders(Vertx vertx, EventStore store, ReadPool pool,
                                                       DocsRoutes docs) {
    CommandHandler commands = new CommandHandler(new Writer(vertx, store));
    EntityReads entities = new EntityReads(pool);
    return List.of(
        new HealthRoutes(store, VERSION)::bind,
        docs::bind,
        new EntityRoutes(commands, entities)::bind,
        new FieldDefinitionRoutes(commands, new FieldDefinitionReads(pool))::bind,
        new DescriptorRoutes(commands, new DescriptorReads(pool), entities)::bind,
        new RelationshipRoutes(commands, new RelationshipReads(pool))::bind);
  }

  private static List<Consumer<RouterBuilder>> liveBinders(EventStore store, ReadPool pool, LiveEvents live,
                                                           LiveOptions options, EventBusBridge bridge) {
    EventLogReads events = new EventLogReads(pool, store::lastPosition);
    return List.of(new EventRoutes(events)::bind, new StreamRoutes(live, events, options)::bind, bridge::bind);
  }

  private static int freePort(String host) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host, e);
    }
  }

  /** The port the HTTP servers listen on (resolved when 0 was asked for). */
  public int actualPort() {
    return port;
  }

  /** The event store (for in-process tools and tests). */
  public EventStore store() {
    return store;
  }

  /** The live event hub (subscriber counts, for tests and diagnostics). */
  public LiveEvents live() {
    return live;
  }

  /** Stops the HTTP servers, drains the writer, closes the store. */
  public Future<Void> close() {
    return vertx.undeploy(deploymentId)
        .eventually(reads::close)
        .compose(x -> vertx.executeBlocking(() -> {
          store.close();
          return null;
        }));
  }
}
