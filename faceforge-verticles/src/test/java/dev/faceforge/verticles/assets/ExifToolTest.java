package dev.faceforge.verticles.assets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faceforge.verticles.api.RunningServer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** With tools.exiftool_enabled and a binary in tools/, its JSON lands in extracted_metadata.exiftool. */
@DisabledOnOs(OS.WINDOWS) // the stand-in ExifTool is a shell script
class ExifToolTest {
  @TempDir
  Path home;

  @Test
  void exiftoolTagsAreAddedToExtractedMetadata() throws Exception {
    Files.createDirectories(home.resolve("tools"));
    Path tool = home.resolve("tools/exiftool");
    // prints what exiftool -json prints: an array with one object per file, SourceFile first
    Files.writeString(tool, "#!/bin/sh\nfor last; do :; done\n"
        + "printf '[{\"SourceFile\": \"%s\", \"File:FileSize\": 11, \"EXIF:Artist\": \"Ada\"}]' \"$last\"\n");
    Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(home.resolve("config"));
    Files.writeString(home.resolve("config/core.json"), "{\"auth\": {\"install_token\": \"" + RunningServer.TOKEN
        + "\"}, \"tools\": {\"exiftool_enabled\": true}}");
    try (RunningServer s = RunningServer.start(home)) {
      var r = s.upload("notes.txt", "hello exif!".getBytes(), null, "kind", "doc.text");

      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
      JsonObject exif = s.json(r).getJsonObject("extracted_metadata").getJsonObject("exiftool");
      assertThat(exif).isEqualTo(new JsonObject().put("File:FileSize", 11).put("EXIF:Artist", "Ada"));
    }
  }

  @Test
  void withoutTheSettingExiftoolIsNotRun() throws Exception {
    try (RunningServer s = RunningServer.start(home)) {
      var r = s.upload("notes.txt", "no exif here".getBytes(), null, "kind", "doc.text");

      assertThat(s.json(r).getJsonObject("extracted_metadata").containsKey("exiftool")).isFalse();
    }
  }
}
