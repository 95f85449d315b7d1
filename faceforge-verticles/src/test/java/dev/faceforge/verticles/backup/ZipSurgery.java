package dev.faceforge.verticles.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Test damage: copies of an archive with one entry's bytes changed (a well-formed ZIP), or raw bytes changed. */
final class ZipSurgery {
  private ZipSurgery() {
  }

  /**
   * A copy of {@code source} at {@code target} whose entry {@code name} holds {@code change(its bytes)}, or
   * lacks that entry when {@code change} answers null.
   */
  static Path rewrite(Path source, Path target, String name, UnaryOperator<byte[]> change) throws IOException {
    try (ZipFile in = new ZipFile(source.toFile()); OutputStream file = Files.newOutputStream(target);
         ZipOutputStream out = new ZipOutputStream(file)) {
      for (ZipEntry e : Collections.list(in.entries())) {
        byte[] bytes;
        try (InputStream s = in.getInputStream(e)) {
          bytes = s.readAllBytes();
        }
        if (e.getName().equals(name)) {
          bytes = change.apply(bytes);
          if (bytes == null) {
            continue;
          }
        }
        ZipEntry copy = new ZipEntry(e.getName());
        copy.setMethod(e.getMethod());
        if (e.getMethod() == ZipEntry.STORED) {
          CRC32 crc = new CRC32();
          crc.update(bytes);
          copy.setSize(bytes.length);
          copy.setCompressedSize(bytes.length);
          copy.setCrc(crc.getValue());
        }
        out.putNextEntry(copy);
        out.write(bytes);
        out.closeEntry();
      }
    }
    return target;
  }

  /** The bytes of entry {@code name}. */
  static byte[] read(Path archive, String name) throws IOException {
    try (ZipFile zip = new ZipFile(archive.toFile()); InputStream in = zip.getInputStream(zip.getEntry(name))) {
      return in.readAllBytes();
    }
  }

  /** Where the data of the STORED entry {@code name} starts in the archive file. */
  static long dataOffset(Path archive, String name) throws IOException {
    byte[] all = Files.readAllBytes(archive);
    byte[] key = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i + 30 + key.length < all.length; i++) {
      if (all[i] == 'P' && all[i + 1] == 'K' && all[i + 2] == 3 && all[i + 3] == 4) {
        int nameLength = (all[i + 26] & 0xff) | (all[i + 27] & 0xff) << 8;
        int extraLength = (all[i + 28] & 0xff) | (all[i + 29] & 0xff) << 8;
        if (nameLength == key.length && java.util.Arrays.equals(all, i + 30, i + 30 + nameLength, key, 0, key.length)) {
          return i + 30L + nameLength + extraLength;
        }
      }
    }
    throw new IllegalArgumentException("no local header for " + name);
  }
}
