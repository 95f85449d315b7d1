package dev.faceforge.launcher.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where the CPU went during a benchmark's measured rounds: process CPU time, and Java threads grouped
 * by role (server event loops, the load generator's loop, the single writer, the read pool's workers,
 * benchmark threads). What no Java thread accounts for is GC, JIT and native time ("JVM/other").
 */
final class CpuProfile {
  static final String[] GROUPS =
      {"server loops", "client loop", "writer", "read workers", "bench threads", "JVM/other"};
  static final String HEADER = "| benchmark | wall s | CPU used (of " + Runtime.getRuntime().availableProcessors()
      + " cores) | CPU µs per op | " + String.join(" | ", GROUPS) + " |\n| --- | ---: | ---: | ---: |"
      + " ---: |".repeat(GROUPS.length);

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Set<Long> clientThreads;
  private final Map<String, Long> byGroup = new LinkedHashMap<>();
  private long process;
  private long wall;
  private Map<Long, Long> startCpu;
  private long startProcess;
  private long startWall;
  private boolean running;

  private CpuProfile(Set<Long> clientThreads) {
    this.clientThreads = clientThreads;
    for (String g : GROUPS) {
      byGroup.put(g, 0L);
    }
  }

  /** Starts measuring; {@code clientThreads} are the ids of the load generator's threads (may be empty). */
  static CpuProfile start(Set<Long> clientThreads) {
    CpuProfile p = new CpuProfile(clientThreads);
    p.resume();
    return p;
  }

  /** Stops counting until {@link #resume} (e.g. while a reference runs between this row's rounds). */
  void pause() {
    if (!running) {
      return;
    }
    running = false;
    wall += System.nanoTime() - startWall;
    long processNow = OS.getProcessCpuTime();
    long accounted = 0;
    Map<Long, Long> end = threadCpu();
    for (ThreadInfo t : THREADS.getThreadInfo(end.keySet().stream().mapToLong(Long::longValue).toArray())) {
      if (t == null) {
        continue;
      }
      long used = end.get(t.getThreadId()) - startCpu.getOrDefault(t.getThreadId(), 0L);
      byGroup.merge(group(t), used, Long::sum);
      accounted += used;
    }
    process += processNow - startProcess;
    byGroup.merge("JVM/other", Math.max(0, processNow - startProcess - accounted), Long::sum);
  }

  /** Counts again after {@link #pause}. */
  void resume() {
    if (running) {
      return;
    }
    running = true;
    startCpu = threadCpu();
    startProcess = OS.getProcessCpuTime();
    startWall = System.nanoTime();
  }

  /** Stops and returns one Markdown line for {@code name}, which did {@code ops} operations meanwhile. */
  String stop(String name, long ops) {
    pause();
    StringBuilder b = new StringBuilder("| ").append(name).append(" | ")
        .append(String.format(Locale.ROOT, "%.1f", wall / 1e9)).append(" | ").append(share(process, wall))
        .append(" | ").append(String.format(Locale.ROOT, "%.0f", process / 1e3 / ops));
    byGroup.values().forEach(v -> b.append(" | ").append(share(v, wall)));
    return b.append(" |").toString();
  }

  /** A line for a row whose work this process did not do (e.g. a reference measured in another process). */
  static String noProfile(String name, String why) {
    return "| " + name + " (" + why + ") | —" + " | —".repeat(3 + GROUPS.length) + " |";
  }

  /** CPU time as cores kept busy, e.g. {@code 1.62}. */
  private static String share(long cpu, long wall) {
    return String.format(Locale.ROOT, "%.2f", (double) cpu / wall);
  }

  private String group(ThreadInfo t) {
    String n = t.getThreadName();
    if (clientThreads.contains(t.getThreadId())) {
      return "client loop";
    }
    if (n.startsWith("vert.x-eventloop")) {
      return "server loops";
    }
    if (n.equals("faceforge-writer")) {
      return "writer";
    }
    if (n.startsWith("vert.x-worker") || n.startsWith("vert.x-internal-blocking")) {
      return "read workers";
    }
    return n.startsWith("bench-") || n.equals("main") ? "bench threads" : "JVM/other";
  }

  private static Map<Long, Long> threadCpu() {
    Map<Long, Long> out = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long cpu = THREADS.getThreadCpuTime(id);
      if (cpu >= 0) {
        out.put(id, cpu);
      }
    }
    return out;
  }
}
