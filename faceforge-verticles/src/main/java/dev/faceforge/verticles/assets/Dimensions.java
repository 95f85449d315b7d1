package dev.faceforge.verticles.assets;

import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import java.util.Optional;

/** Image width and height from whichever directory of the format carries them (JPEG, PNG, GIF, WebP, ...). */
final class Dimensions {
  private Dimensions() {
  }

  static Optional<int[]> of(Metadata md) {
    for (Directory d : md.getDirectories()) {
      Integer w = first(d, "Image Width");
      Integer h = first(d, "Image Height");
      if (w != null && h != null) {
        return Optional.of(new int[] {w, h});
      }
    }
    return Optional.empty();
  }

  private static Integer first(Directory d, String name) {
    return d.getTags().stream().filter(t -> t.getTagName().equals(name)).findFirst()
        .map(t -> {
          String s = t.getDescription();
          if (s == null) {
            return null;
          }
          String digits = s.replaceAll("[^0-9].*$", "");
          return digits.isEmpty() ? null : Integer.valueOf(digits);
        }).orElse(null);
  }
}
