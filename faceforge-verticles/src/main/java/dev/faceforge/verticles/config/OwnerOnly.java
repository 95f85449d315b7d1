package dev.faceforge.verticles.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Restricts a file to its owner: {@code rw-------} where the file system speaks POSIX, an ACL with
 * a single "owner: full control" entry where it speaks ACLs (Windows). Best effort by design: a
 * FAT-formatted USB disk or a network share may support neither, and refusing to start there
 * would hurt more than a readable token file.
 */
final class OwnerOnly {
  static final Set<PosixFilePermission> READ_WRITE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {
  }

  /** A new empty temp file in {@code dir} that is owner-only from its first byte, where possible. */
  static Path createTempFile(Path dir, String prefix) throws IOException {
    if (isPosix(dir)) {
      return Files.createTempFile(dir, prefix, ".tmp", PosixFilePermissions.asFileAttribute(READ_WRITE));
    }
    Path file = Files.createTempFile(dir, prefix, ".tmp");
    restrict(file);
    return file;
  }

  /** Returns whether {@code file} is now owner-only; never throws. */
  static boolean restrict(Path file) {
    try {
      if (isPosix(file)) {
        Files.setPosixFilePermissions(file, READ_WRITE);
        return true;
      }
      AclFileAttributeView view = Files.getFileAttributeView(file, AclFileAttributeView.class);
      if (view == null) {
        return false;
      }
      view.setAcl(List.of(AclEntry.newBuilder()
          .setType(AclEntryType.ALLOW)
          .setPrincipal(view.getOwner())
          .setPermissions(EnumSet.allOf(AclEntryPermission.class))
          .build()));
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }

  private static boolean isPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
