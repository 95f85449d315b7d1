package dev.faceforge.verticles.jobs;

import dev.faceforge.eventstore.EventStore;
import dev.faceforge.verticles.commands.CommandHandler;
import dev.faceforge.verticles.read.JobReads;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job system of one server, as the wiring sees it: the catalog of runnable types (core executors,
 * plugin manifests read at startup on a worker, types offered by runners), the job reads, and the
 * verticle that runs in-process jobs and sweeps expired leases.
 */
public final class Jobs {
  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);

  private final JobSettings settings;
  private final JobTypes types;
  private final JobCatalog catalog;
  private final CommandHandler commands;
  private final JobReads reads;

  private Jobs(JobSettings settings, JobTypes types, JobCatalog catalog, CommandHandler commands, JobReads reads) {
    this.settings = settings;
    this.types = types;
    this.catalog = catalog;
    this.commands = commands;
    this.reads = reads;
  }

  /** Reads the plugin manifests under {@code pluginsDir} and starts signalling job events of {@code store}. */
  public static Future<Jobs> prepare(Vertx vertx, JobSettings settings, JobTypes types, Path pluginsDir,
                                     EventStore store, CommandHandler commands, JobReads reads, Clock clock) {
    return vertx.executeBlocking(() -> PluginManifests.jobTypes(pluginsDir)).map(declared -> {
      log(types, declared);
      JobSignals.install(vertx, store);
      JobCatalog catalog = new JobCatalog(types, declared, clock, settings.offeredTypesTtl());
      return new Jobs(settings, types, catalog, commands, reads);
    });
  }

  /** Deploys the verticle that settles interrupted jobs, runs in-process jobs and sweeps leases. */
  public Future<String> deploy(Vertx vertx) {
    return vertx.deployVerticle(new JobsVerticle(settings, types, commands, reads));
  }

  public JobCatalog catalog() {
    return catalog;
  }

  public JobReads reads() {
    return reads;
  }

  public JobSettings settings() {
    return settings;
  }

  private static void log(JobTypes types, Map<String, String> declared) {
    LOG.info("job types: core {}, declared by plugins {}", types.types(), declared.keySet());
  }
}
