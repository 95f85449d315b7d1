package dev.faceforge.verticles.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir
  Path dir;

  @Test
  void replacesTheContentAndLeavesOnlyTheTarget() throws IOException {
    Path target = dir.resolve("core.json");
    Files.writeString(target, "old");

    AtomicFiles.write(target, "new".getBytes());

    assertThat(target).hasContent("new");
    assertThat(names()).containsExactly("core.json");
  }

  @Test
  void aFailedRenameRemovesTheTempFile() throws IOException {
    Path target = dir.resolve("core.json");
    Files.createDirectories(target.resolve("occupied"));

    assertThatThrownBy(() -> AtomicFiles.write(target, "new".getBytes())).isInstanceOf(IOException.class);

    assertThat(names()).containsExactly("core.json");
    assertThat(target).isDirectory();
  }

  private Stream<String> names() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList().stream();
    }
  }
}
