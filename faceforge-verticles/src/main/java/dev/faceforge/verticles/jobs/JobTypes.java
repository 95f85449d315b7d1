package dev.faceforge.verticles.jobs;

import dev.faceforge.verticles.commands.JobCommand;
import dev.faceforge.verticles.commands.JobInputs;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The job types Core runs itself, each with its {@link JobExecutor}: filled while the server is wired
 * (by the features that own those types) and read-only once it runs. Core types live in the
 * {@code core.} namespace.
 */
public final class JobTypes {
  private final Map<String, JobExecutor> executors = new TreeMap<>();

  public JobTypes() {
  }

  public JobTypes(Map<String, JobExecutor> executors) {
    executors.forEach(this::register);
  }

  /** Adds {@code type}; a type registered twice, or outside {@code core.}, is a wiring mistake. */
  public JobTypes register(String type, JobExecutor executor) {
    if (JobInputs.typeProblem(type) != null || !type.startsWith(JobCommand.CORE + ".")) {
      throw new IllegalArgumentException("core job types are named core.<name>: " + type);
    }
    if (executors.putIfAbsent(type, executor) != null) {
      throw new IllegalStateException("job type " + type + " is registered twice");
    }
    return this;
  }

  /** The executor of {@code type}, or null. */
  public JobExecutor executor(String type) {
    return executors.get(type);
  }

  /** Every registered type, sorted. */
  public List<String> types() {
    return List.copyOf(executors.keySet());
  }
}
