package dev.faceforge.verticles.assets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shared open files: one per asset, and never closed under a download that still uses it. */
class OpenFilesTest {
  @TempDir
  Path dir;
  final OpenFiles files = new OpenFiles();

  Path file(String name) throws Exception {
    return Files.write(dir.resolve(name), name.getBytes());
  }

  @Test
  void downloadsOfTheSameAssetShareOneOpenFile() throws Exception {
    Path a = file("a");

    OpenFiles.Handle first = files.acquire("a", a, () -> true);
    OpenFiles.Handle second = files.acquire("a", a, () -> true);

    assertThat(second).isSameAs(first);
    files.release(first);
    files.release(second);
    assertThat(first.channel().isOpen()).isTrue();
    assertThat(files.size()).isEqualTo(1);
  }

  @Test
  void forgettingClosesAnIdleFileAtOnce() throws Exception {
    OpenFiles.Handle h = files.acquire("a", file("a"), () -> true);
    files.release(h);

    files.forget("a");

    assertThat(h.channel().isOpen()).isFalse();
    assertThat(files.size()).isZero();
  }

  @Test
  void aForgottenFileInUseIsClosedWhenItsLastDownloadEnds() throws Exception {
    Path a = file("a");
    OpenFiles.Handle h = files.acquire("a", a, () -> true);
    OpenFiles.Handle again = files.acquire("a", a, () -> true);

    files.forget("a");
    assertThat(h.channel().read(ByteBuffer.allocate(1), 0)).isEqualTo(1);
    files.release(h);
    assertThat(h.channel().isOpen()).isTrue();
    files.release(again);

    assertThat(h.channel().isOpen()).isFalse();
    OpenFiles.Handle fresh = files.acquire("a", a, () -> true);
    assertThat(fresh).isNotSameAs(h);
    files.release(fresh);
  }

  @Test
  void aFileOfAnAssetThatChangedWhileItOpenedServesOnceAndIsNotKept() throws Exception {
    OpenFiles.Handle h = files.acquire("a", file("a"), () -> false);

    assertThat(files.size()).isZero();
    assertThat(h.channel().isOpen()).isTrue();
    files.release(h);
    assertThat(h.channel().isOpen()).isFalse();
  }

  @Test
  void atMostMaxOpenFilesStayOpenTheLeastRecentlyUsedGoFirst() throws Exception {
    List<OpenFiles.Handle> handles = new ArrayList<>();
    for (int i = 0; i < OpenFiles.MAX_OPEN; i++) {
      handles.add(use("f" + i));
    }
    assertThat(use("f0")).as("used again: now the most recently used").isSameAs(handles.get(0));

    OpenFiles.Handle extra = use("f" + OpenFiles.MAX_OPEN);

    assertThat(files.size()).isEqualTo(OpenFiles.MAX_OPEN);
    assertThat(handles.get(1).channel().isOpen()).as("the least recently used").isFalse();
    assertThat(handles.get(0).channel().isOpen()).isTrue();
    assertThat(extra.channel().isOpen()).isTrue();
  }

  /** One download of the file {@code name}: acquired (created when new) and released. */
  OpenFiles.Handle use(String name) throws Exception {
    Path path = Files.exists(dir.resolve(name)) ? dir.resolve(name) : file(name);
    OpenFiles.Handle h = files.acquire(name, path, () -> true);
    files.release(h);
    return h;
  }

  @Test
  void aMissingFileFailsAndLeavesNothingOpen() {
    assertThatThrownBy(() -> files.acquire("x", dir.resolve("missing"), () -> true))
        .isInstanceOf(NoSuchFileException.class);
    assertThat(files.size()).isZero();
  }

  @Test
  void closingClosesIdleFilesAndKeepsNoNewOnes() throws Exception {
    OpenFiles.Handle idle = files.acquire("a", file("a"), () -> true);
    files.release(idle);
    OpenFiles.Handle busy = files.acquire("b", file("b"), () -> true);

    files.close();

    assertThat(idle.channel().isOpen()).isFalse();
    assertThat(busy.channel().isOpen()).isTrue();
    files.release(busy);
    assertThat(busy.channel().isOpen()).isFalse();
    OpenFiles.Handle later = files.acquire("c", file("c"), () -> true);
    assertThat(files.size()).isZero();
    files.release(later);
    assertThat(later.channel().isOpen()).isFalse();
  }
}
