package dev.faceforge.launcher.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * The download rows: full GETs of the large asset (concurrency 1) and 1 MiB random-range GETs (concurrency
 * {@link BenchConfig#CONCURRENCY}), each beside nginx serving the same file with sendfile. Same client, same
 * connections limit, same offsets; the rounds alternate nginx then FaceForge, so a busy neighbour slows both.
 * Every byte received is compared with the file; the warm-up round's full downloads are hashed too and must
 * give the asset's content hash.
 */
final class AssetDownloads {
  private static final int RANGES_CONCURRENCY = BenchConfig.CONCURRENCY;
  private static final double JIT_QUIET = 0.05;
  /** The longest warm-up of a download row, or the run's JIT warm-up if shorter ({@code --quick}: 5 s). */
  private static final int WARM_UP_SECONDS = 30;

  private final BenchConfig cfg;
  private final Report report;
  private final AssetClient client;
  private final AssetFile file;
  private final String sha;

  /** Where a download goes: FaceForge's download route (with the token) or nginx's static file. */
  private record Source(int port, String uri, String auth) {
  }

  /** What one round of one source did. */
  private record Round(long ops, long nanos, long[] latencyNanos) {
  }

  @FunctionalInterface
  private interface RoundBody {
    Round run(Source src, int round);
  }

  AssetDownloads(BenchConfig cfg, Report report, AssetClient client, AssetFile file, String sha) {
    this.cfg = cfg;
    this.report = report;
    this.client = client;
    this.file = file;
    this.sha = sha;
  }

  void run(BenchServer server, Optional<Nginx> nginx) {
    Source ff = new Source(server.port(), "/v1/assets/" + sha + "/download", "Bearer " + server.token());
    // The stored blob, not the original file: the client compares what it receives with the original's pages,
    // and nginx sending those very pages would find them in the CPU caches when FaceForge cannot.
    String blob = "/sha256/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha;
    Source ng = nginx.map(n -> new Source(n.port(), blob, null)).orElse(null);
    compare("full GET of " + file.mib() + " MiB, concurrency 1", "MiB/s", nginx, ng, ff, this::fullRound);
    compare("1 MiB random ranges of the " + file.mib() + " MiB file, concurrency " + RANGES_CONCURRENCY, "req/s",
        nginx, ng, ff, this::rangeRound);
    report.note("downloads: every full GET answered 200 with exactly the file's " + file.size() + " bytes (the "
        + "warm-up round's also hashed to the content hash " + sha.substring(0, 12) + "…); every range GET "
        + "answered 206 with Content-Range bytes a-b/" + file.size() + " and exactly the file's MiB at that "
        + "offset" + (ng == null ? "" : "; nginx and FaceForge got the same offsets"));
  }

  /** Interleaved rounds of the reference (when nginx runs) and FaceForge: two rows, FaceForge's held to 90%. */
  private void compare(String what, String unit, Optional<Nginx> nginx, Source ng, Source ff, RoundBody body) {
    Measurement mn = new Measurement(unit);
    Measurement mf = new Measurement(unit);
    CpuProfile cn = null;
    CpuProfile cf = null;
    Duration nginxCpu = Duration.ZERO;
    long nginxNanos = 0;
    long start = 0;
    String warmUp = warmUp(body, ng, ff);
    for (int round = 1; !cfg.enough(mf.rounds(), start); round++) {
      if (round == 1) {
        start = System.nanoTime();
        cn = CpuProfile.start(client.threads);
        cn.pause();
        cf = CpuProfile.start(client.threads);
        cf.pause();
      }
      if (ng != null) {
        Duration before = nginx.get().cpuTime();
        Round r = measureRound(body, ng, round, mn, cn);
        if (round > 0) {
          nginxCpu = nginxCpu.plus(nginx.get().cpuTime().minus(before));
          nginxNanos += r.nanos();
        }
      }
      measureRound(body, ff, round, mf, cf);
    }
    String ref = nginx.map(n -> n.version() + " sendfile: ").orElse("nginx sendfile: ") + what + " (reference)";
    double nginxRate = Double.NaN;
    if (ng != null) {
      report.add(new Row(ref, mn, Target.none()), cn.stop(ref + ", this process only", mn.ops()));
      nginxRate = Stats.median(mn.rates());
      report.note(String.format(Locale.ROOT, "%s: nginx's own processes used %.2f cores, %.0f CPU µs per op",
          ref, (double) nginxCpu.toNanos() / nginxNanos, nginxCpu.toNanos() / 1e3 / mn.ops()));
    } else {
      report.add(Row.notRun(ref, Nginx.NOT_FOUND), CpuProfile.noProfile(ref, "not run"));
    }
    String name = "asset download: " + what;
    report.add(new Row(name, mf, Target.shareOf(0.9, "nginx", nginxRate)), cf.stop(name, mf.ops()));
    report.note(name + ": " + warmUp);
  }

  /**
   * Unmeasured rounds of both sources, alternating as the measured ones do, until the JIT compilers were busy less
   * than {@link #JIT_QUIET} of the last one (at least one round, at most {@link #WARM_UP_SECONDS}): what the HTTP rows
   * get from {@link WarmUp}. Without it the first measured rounds share the cores with C2 compiling the download
   * path, which a running server does once, and nginx never. The first round is round 0 (full GETs hash their
   * body); later ones are numbered below 0.
   */
  private String warmUp(RoundBody body, Source ng, Source ff) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long limit = Math.min(WARM_UP_SECONDS, cfg.warmUpSeconds()) * 1_000_000_000L;
    long start = System.nanoTime();
    double busy;
    int round = 0;
    do {
      long t0 = System.nanoTime();
      long c0 = jit.getTotalCompilationTime();
      if (ng != null) {
        body.run(ng, round);
      }
      body.run(ff, round);
      busy = (jit.getTotalCompilationTime() - c0) * 1e6 / (System.nanoTime() - t0);
      round--;
    } while (busy > JIT_QUIET && System.nanoTime() - start < limit);
    return String.format(Locale.ROOT, "%d warm-up round(s) of each server first (%.0f s); the JIT compilers were "
        + "busy %.0f%% of the last", -round, (System.nanoTime() - start) / 1e9, busy * 100);
  }

  private static Round measureRound(RoundBody body, Source src, int round, Measurement m, CpuProfile cpu) {
    if (cpu != null) {
      cpu.resume();
    }
    Round r = body.run(src, round);
    if (cpu != null) {
      cpu.pause();
    }
    if (round > 0) {
      m.round(r.ops(), r.nanos(), r.latencyNanos());
    }
    return r;
  }

  private Round fullRound(Source src, int round) {
    MessageDigest digest = round == 0 ? sha256() : null;
    LoadDriver.Run run = client.driver.run(1, 1, i -> fetch(src, -1, digest));
    return new Round(file.mib(), run.nanos(), null);
  }

  private Round rangeRound(Source src, int round) {
    Random random = new Random(11 + round); // the same offsets for nginx and FaceForge
    long[] offsets = new long[cfg.rangeRequests()];
    for (int i = 0; i < offsets.length; i++) {
      offsets[i] = (long) (random.nextDouble() * (file.size() - AssetFile.MIB + 1));
    }
    LoadDriver.Run run = client.driver.run(offsets.length, RANGES_CONCURRENCY, i -> fetch(src, offsets[i], null));
    return new Round(run.count(), run.nanos(), run.latencyNanos());
  }

  /**
   * One GET on the client's loop, checking the body as it streams (never holding it): the whole file when
   * {@code from < 0}, else the MiB from {@code from}; hashed into {@code digest} too unless it is null.
   */
  private Future<Long> fetch(Source src, long from, MessageDigest digest) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(src.port())
        .setURI(src.uri());
    if (src.auth() != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, src.auth());
    }
    long first = Math.max(0, from);
    long last = from < 0 ? file.size() - 1 : from + AssetFile.MIB - 1;
    if (from >= 0) {
      options.putHeader("Range", "bytes=" + first + "-" + last);
    }
    String expectedRange = from < 0 ? null : "bytes " + first + "-" + last + "/" + file.size();
    return client.http.request(options).compose(req -> req.send().compose(resp -> {
      String problem = resp.statusCode() != (from < 0 ? 200 : 206) ? "status " + resp.statusCode()
          : expectedRange != null && !expectedRange.equals(resp.getHeader("Content-Range"))
          ? "Content-Range " + resp.getHeader("Content-Range") + ", expected " + expectedRange : null;
      if (problem != null) {
        return resp.body().compose(b -> Future.failedFuture(new BenchFailure("GET " + src.uri() + " answered "
            + problem + ": " + b.toString().substring(0, Math.min(500, b.length())))));
      }
      return receive(src, resp, first, last - first + 1, digest);
    }));
  }

  private Future<Long> receive(Source src, HttpClientResponse resp, long first, long length, MessageDigest digest) {
    Promise<Long> done = Promise.promise();
    long[] at = {first};
    resp.handler(chunk -> {
      if (!file.matches(at[0], chunk)) {
        done.tryFail(new BenchFailure("GET " + src.uri() + " sent other bytes than the file's at " + at[0]));
      } else if (digest != null) {
        digest.update(AssetFile.nio(chunk));
      }
      at[0] += chunk.length();
    });
    resp.exceptionHandler(done::tryFail);
    resp.endHandler(v -> {
      if (at[0] - first != length) {
        done.tryFail(new BenchFailure("GET " + src.uri() + " sent " + (at[0] - first) + " bytes, expected " + length));
      } else if (digest != null && !sha.equals(HexFormat.of().formatHex(digest.digest()))) {
        done.tryFail(new BenchFailure("GET " + src.uri() + ": the body's SHA-256 is not the content hash " + sha));
      } else {
        done.tryComplete(length);
      }
    });
    return done.future();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
