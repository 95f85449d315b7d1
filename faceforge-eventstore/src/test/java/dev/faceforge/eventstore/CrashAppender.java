package dev.faceforge.eventstore;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of the crash test: appends from several threads, forever, with
 * {@code synchronous=FULL}, and prints {@code ack <id> <id> ... .} once an append is acknowledged.
 * The parent kills it with SIGKILL. Arguments: the log file, a run tag (unique per run), the thread count.
 */
public final class CrashAppender {
  private static final String PAYLOAD = "x".repeat(300);

  private CrashAppender() {
  }

  public static void main(String[] args) {
    Path log = Path.of(args[0]);
    String run = args[1];
    int threads = Integer.parseInt(args[2]);
    EventStore store = EventStore.open(log, Durability.FULL, Projector.NONE, Clock.systemUTC());
    PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), false,
        StandardCharsets.UTF_8);
    for (int t = 0; t < threads; t++) {
      String stream = "crash:" + run + ":" + t;
      new Thread(() -> appendForever(store, stream, out), "appender-" + t).start();
    }
  }

  private static void appendForever(EventStore store, String stream, PrintStream out) {
    long version = 0;
    for (long n = 0; ; n++) {
      List<NewEvent> batch = new ArrayList<>();
      for (int k = 0; k <= n % 3; k++) {
        String id = stream + ":" + n + ":" + k;
        batch.add(new NewEvent(id, "crash.appended", "{\"id\":\"" + id + "\",\"pad\":\"" + PAYLOAD + "\"}",
            Fixtures.META));
      }
      try {
        store.append(stream, ExpectedVersion.exactly(version), batch).join();
      } catch (RuntimeException e) {
        e.printStackTrace();
        Runtime.getRuntime().halt(3);
      }
      version += batch.size();
      StringBuilder line = new StringBuilder("ack");
      batch.forEach(e -> line.append(' ').append(e.eventId()));
      synchronized (out) {
        out.println(line.append(" ."));
        out.flush();
      }
    }
  }
}
