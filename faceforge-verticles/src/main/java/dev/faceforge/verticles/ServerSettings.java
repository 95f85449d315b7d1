package dev.faceforge.verticles;

import dev.faceforge.verticles.config.CoreConfig;
import dev.faceforge.verticles.config.HomeLayout;
import dev.faceforge.verticles.jobs.JobSettings;

/**
 * Everything the server needs to start: where the data lives (already created), the parsed
 * configuration, the resolved bind address and port (the launcher applies the precedence rules), and
 * how the job system runs.
 */
public record ServerSettings(HomeLayout layout, CoreConfig config, String bindHost, int port, JobSettings jobs) {

  public ServerSettings(HomeLayout layout, CoreConfig config, String bindHost, int port) {
    this(layout, config, bindHost, port, JobSettings.DEFAULTS);
  }

  public ServerSettings withJobs(JobSettings jobs) {
    return new ServerSettings(layout, config, bindHost, port, jobs);
  }
}
