package dev.faceforge.verticles.backup;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes one backup archive (a ZIP) atomically: into a temp file beside the target, which becomes the
 * target only on {@link #commit} (fsync, rename, fsync the folder); closing without a commit removes it.
 * {@code events.ndjson} is deflated at the fastest level (JSON shrinks a lot); blobs are STORED (media is
 * compressed already): their CRC-32 and sha256 are computed in a first read, so a blob whose bytes do not
 * match its name never enters the archive, and the ZIP writer re-checks the CRC while copying.
 */
public final class ArchiveWriter implements AutoCloseable {
  private static final int CHUNK = 1 << 20;

  private final Path target;
  private final Path temp;
  private final FileOutputStream file;
  private final ZipOutputStream zip;
  private final byte[] chunk = new byte[CHUNK];
  private MessageDigest eventsDigest;
  private long eventsCount;
  private boolean committed;

  private ArchiveWriter(Path target, Path temp, FileOutputStream file) {
    this.target = target;
    this.temp = temp;
    this.file = file;
    this.zip = new ZipOutputStream(new BufferedOutputStream(file, 1 << 16), StandardCharsets.UTF_8);
  }

  /** A writer for {@code target}, which must not exist yet. */
  public static ArchiveWriter create(Path target) throws IOException {
    Path absolute = target.toAbsolutePath().normalize();
    if (Files.exists(absolute)) {
      throw new BackupException(absolute + " already exists; choose a new file for the archive");
    }
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path temp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".part");
    return new ArchiveWriter(absolute, temp, new FileOutputStream(temp.toFile()));
  }

  public Path target() {
    return target;
  }

  /** Starts {@code events.ndjson}; then {@link #eventLine} for each event and {@link #endEvents}. */
  public void beginEvents() throws IOException {
    ZipEntry entry = new ZipEntry(Manifest.EVENTS_ENTRY);
    entry.setMethod(ZipEntry.DEFLATED);
    zip.setLevel(Deflater.BEST_SPEED);
    zip.putNextEntry(entry);
    eventsDigest = Sha256.digest();
    eventsCount = 0;
  }

  /** One NDJSON line (without its newline). */
  public void eventLine(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    eventsDigest.update(bytes);
    try {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    eventsCount++;
  }

  public Manifest.Events endEvents() throws IOException {
    zip.closeEntry();
    return new Manifest.Events(Manifest.EVENTS_ENTRY, eventsCount, Sha256.hex(eventsDigest));
  }

  /**
   * Adds bytes {@code [offset, offset + size)} of {@code source} as the blob {@code sha256}. Throws
   * {@link BackupException} when they do not hash to that name (nothing is written then).
   */
  public Manifest.Blob addBlob(String sha256, Path source, long offset, long size) throws IOException {
    CRC32 crc = new CRC32();
    MessageDigest digest = Sha256.digest();
    try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
      read(in, offset, size, (b, n) -> {
        crc.update(b, 0, n);
        digest.update(b, 0, n);
      });
      String actual = Sha256.hex(digest);
      if (!actual.equals(sha256)) {
        throw new BackupException("blob " + sha256 + ": content does not match its name (found " + actual + ")");
      }
      ZipEntry entry = new ZipEntry(Manifest.blobEntry(sha256));
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(size);
      entry.setCompressedSize(size);
      entry.setCrc(crc.getValue());
      zip.putNextEntry(entry);
      read(in, offset, size, (b, n) -> zip.write(b, 0, n));
      zip.closeEntry(); // a ZipException here means the bytes changed between the two reads
    }
    return new Manifest.Blob(sha256, size, Manifest.blobEntry(sha256));
  }

  private interface Chunks {
    void accept(byte[] bytes, int length) throws IOException;
  }

  private void read(FileChannel in, long offset, long size, Chunks sink) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(chunk);
    long position = offset;
    long end = offset + size;
    while (position < end) {
      buffer.clear().limit((int) Math.min(CHUNK, end - position));
      int n = in.read(buffer, position);
      if (n < 0) {
        throw new BackupException("blob file " + in + " ended after " + (position - offset) + " of " + size + " bytes");
      }
      position += n;
      sink.accept(chunk, n);
    }
  }

  /** Writes {@code manifest.json}, finishes the ZIP and moves it into place. */
  public void commit(Manifest manifest) throws IOException {
    ZipEntry entry = new ZipEntry(Manifest.ENTRY);
    entry.setMethod(ZipEntry.DEFLATED);
    zip.setLevel(Deflater.DEFAULT_COMPRESSION);
    zip.putNextEntry(entry);
    zip.write(manifest.toBytes());
    zip.closeEntry();
    zip.finish();
    zip.flush();
    file.getChannel().force(true);
    zip.close();
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(target.toString(), null, "appeared while the archive was written");
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(target.getParent());
    committed = true;
  }

  private static void fsyncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not possible on every platform (Windows); the archive's bytes are already on disk.
    }
  }

  /** Without a commit: discards the partial archive. */
  @Override
  public void close() {
    if (committed) {
      return;
    }
    try {
      zip.close();
    } catch (IOException | RuntimeException e) {
      // the temp file goes anyway
    }
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove the partial archive " + temp, e);
    }
  }
}
