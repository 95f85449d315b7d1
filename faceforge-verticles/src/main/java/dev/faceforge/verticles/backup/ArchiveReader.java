package dev.faceforge.verticles.backup;

import dev.faceforge.eventstore.RecordedEvent;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads a backup archive and checks everything in it against {@code manifest.json}: the events entry
 * (sha256, count, then every line's hash link and position: {@link EventsCheck}) and each blob (its bytes
 * must hash to its name, checked while they are extracted). Every problem is a {@link BackupException}
 * naming the entry and what is wrong with it.
 */
public final class ArchiveReader implements AutoCloseable {
  private final Path file;
  private final ZipFile zip;
  private final Manifest manifest;

  private ArchiveReader(Path file, ZipFile zip, Manifest manifest) {
    this.file = file;
    this.zip = zip;
    this.manifest = manifest;
  }

  /** Opens {@code file} and reads its manifest. */
  public static ArchiveReader open(Path file) {
    ZipFile zip;
    try {
      zip = new ZipFile(file.toFile(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new BackupException("archive not found: " + file);
    } catch (ZipException e) {
      throw notAZip(file, e);
    } catch (IOException e) {
      throw new BackupException("cannot read the archive " + file + ": " + e.getMessage(), e);
    }
    try {
      ZipEntry entry = zip.getEntry(Manifest.ENTRY);
      if (entry == null) {
        throw new BackupException(file + " is not a FaceForge backup: it has no " + Manifest.ENTRY);
      }
      byte[] bytes;
      try (InputStream in = zip.getInputStream(entry)) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw unreadable(Manifest.ENTRY, e);
      }
      return new ArchiveReader(file, zip, Manifest.parse(bytes));
    } catch (RuntimeException e) {
      closeQuietly(zip);
      throw e;
    }
  }

  private static BackupException notAZip(Path file, ZipException e) {
    boolean zipStart;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(4);
      zipStart = head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
    } catch (IOException io) {
      zipStart = false;
    }
    return zipStart
        ? new BackupException("archive truncated: " + file + " has no ZIP end record (" + e.getMessage()
            + "); was the copy interrupted?")
        : new BackupException(file + " is not a FaceForge backup (not a ZIP archive)");
  }

  public Manifest manifest() {
    return manifest;
  }

  public Path file() {
    return file;
  }

  /**
   * Reads the whole events entry once: its bytes must hash to the manifest's sha256 and hold its count of
   * lines, each a valid event at the next position whose hash links onto the previous one, ending at the
   * manifest's last position and head hash. {@code observer} sees every event, in order.
   */
  public void verifyEvents(Consumer<RecordedEvent> observer) {
    ZipEntry entry = entry(Manifest.EVENTS_ENTRY, Manifest.EVENTS_ENTRY + " is missing (archive corrupted)");
    MessageDigest digest = Sha256.digest();
    EventsCheck check = new EventsCheck(observer);
    try (InputStream raw = zip.getInputStream(entry);
         BufferedReader lines = new BufferedReader(new InputStreamReader(new DigestInputStream(raw, digest),
             StandardCharsets.UTF_8), 1 << 16)) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        check.line(line);
      }
    } catch (IOException e) {
      throw unreadable(Manifest.EVENTS_ENTRY, e);
    }
    if (!Sha256.hex(digest).equals(manifest.events().sha256())) {
      throw new BackupException(Manifest.EVENTS_ENTRY + ": sha256 mismatch (archive corrupted)");
    }
    check.finish(manifest);
  }

  /**
   * The events with positions up to {@code until}, read again from the entry (after {@link #verifyEvents}).
   * The iterator closes the entry when it ends; {@code close} closes it early.
   */
  ArchiveEvents events(long until) {
    ZipEntry entry = entry(Manifest.EVENTS_ENTRY, Manifest.EVENTS_ENTRY + " is missing (archive corrupted)");
    try {
      return new ArchiveEvents(new BufferedReader(new InputStreamReader(zip.getInputStream(entry),
          StandardCharsets.UTF_8), 1 << 16), until);
    } catch (IOException e) {
      throw unreadable(Manifest.EVENTS_ENTRY, e);
    }
  }

  /**
   * Copies the bytes of {@code blob} to {@code out}, checking on the way that they are as many as the
   * manifest says and hash to the blob's name.
   */
  public void extractBlob(Manifest.Blob blob, OutputStream out) {
    ZipEntry entry = entry(blob.entry(), "blob " + blob.sha256() + ": listed in " + Manifest.ENTRY
        + " but missing from the archive (archive corrupted)");
    MessageDigest digest = Sha256.digest();
    long copied = 0;
    try (InputStream in = zip.getInputStream(entry)) {
      byte[] chunk = new byte[1 << 20];
      for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
        digest.update(chunk, 0, n);
        out.write(chunk, 0, n);
        copied += n;
      }
    } catch (IOException e) {
      throw unreadable("blob " + blob.sha256(), e);
    }
    if (copied != blob.size()) {
      throw new BackupException("blob " + blob.sha256() + ": " + copied + " bytes, " + Manifest.ENTRY + " says "
          + blob.size() + " (archive corrupted)");
    }
    if (!Sha256.hex(digest).equals(blob.sha256())) {
      throw new BackupException("blob " + blob.sha256() + ": content does not match its name (archive corrupted)");
    }
  }

  private ZipEntry entry(String name, String missing) {
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new BackupException(missing);
    }
    return entry;
  }

  private static BackupException unreadable(String what, IOException e) {
    if (e instanceof EOFException || String.valueOf(e.getMessage()).contains("nexpected end")) {
      return new BackupException("archive truncated: " + what + " ends early (" + e.getMessage() + ")", e);
    }
    return new BackupException(what + ": unreadable (archive corrupted): " + e.getMessage(), e);
  }

  private static void closeQuietly(ZipFile zip) {
    try {
      zip.close();
    } catch (IOException e) {
      // nothing else to release
    }
  }

  @Override
  public void close() {
    closeQuietly(zip);
  }
}
