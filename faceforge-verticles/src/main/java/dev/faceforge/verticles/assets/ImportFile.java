package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.commands.AssetDecider;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The blocking part of importing one file: copy it into {@code tmp/} while hashing (the user's file is
 * never moved or changed), keep its first bytes for type sniffing, read its sidecar, extract metadata.
 * On failure the temp copy is removed.
 */
record ImportFile(Path source, Path temp, String sha256, long size, String mimeType, ObjectNode extracted,
                  ObjectNode sidecar) {

  static ImportFile prepare(Path source, Path tmpDir, java.util.Optional<ExifTool> exiftool) throws IOException {
    Path temp = tmpDir.resolve("import-" + UUID.randomUUID() + ".part");
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] head = new byte[HashingFileWriter.HEAD];
      int headLength = 0;
      long size = 0;
      try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest);
           OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
        byte[] buf = new byte[64 * 1024];
        for (int n; (n = in.read(buf)) > 0; size += n) {
          if (headLength < head.length) {
            int k = Math.min(n, head.length - headLength);
            System.arraycopy(buf, 0, head, headLength, k);
            headLength += k;
          }
          out.write(buf, 0, n);
        }
      }
      if (size == 0) {
        throw new IOException("the file is empty");
      }
      byte[] sniff = java.util.Arrays.copyOf(head, headLength);
      String mime = MediaInspector.mimeType(sniff, source.getFileName().toString());
      return new ImportFile(source, temp, HexFormat.of().formatHex(digest.digest()), size, mime,
          MediaInspector.extract(temp, mime, exiftool), Sidecars.read(source));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(temp);
      throw e;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The kind to import as: the sidecar's {@code kind} when valid, else the job's. */
  String kind(String jobKind) {
    if (sidecar != null && sidecar.hasNonNull("kind") && AssetDecider.kindProblem(sidecar.get("kind").asText()) == null) {
      return sidecar.get("kind").asText();
    }
    return jobKind;
  }

  String role() {
    return sidecar != null && sidecar.hasNonNull("role") ? sidecar.get("role").asText() : null;
  }
}
