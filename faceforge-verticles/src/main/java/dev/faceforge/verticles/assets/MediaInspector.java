package dev.faceforge.verticles.assets;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.Tag;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.tika.Tika;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;

/**
 * What Core learns from the bytes at ingest: the media type by content sniffing (Apache Tika's magic
 * database; the client's claim is never trusted) and {@code extracted_metadata} — image dimensions,
 * EXIF/XMP/IPTC, audio/video durations where the container says them — read by metadata-extractor.
 * Blocking: call on a worker thread.
 */
final class MediaInspector {
  private static final Tika TIKA = new Tika();
  /** Tika's own answer, computed without most of its cost; null if this Tika cannot be mirrored exactly. */
  private static final MagicSniffer SNIFFER = MagicSniffer.of(TIKA.getDetector());
  private static final int MAX_TAGS_PER_DIRECTORY = 200;
  private static final int MAX_VALUE_LENGTH = 2000;

  private MediaInspector() {
  }

  /**
   * The sniffed media type of {@code head} (the first bytes), with the file name as a tie-breaker: exactly
   * what Tika's default detector says ({@link #tikaMimeType}), mostly computed by {@link MagicSniffer},
   * which answers the same for a fraction of the CPU and leaves the cases it does not cover to Tika.
   */
  static String mimeType(byte[] head, String filename) {
    if (SNIFFER != null) {
      try {
        MediaType type = SNIFFER.detect(head, filename);
        if (type != null) {
          return type.getBaseType().toString();
        }
      } catch (RuntimeException e) {
        // Not expected; Tika answers below.
      }
    }
    return tikaMimeType(head, filename);
  }

  /** Whether {@link #mimeType} can use {@link MagicSniffer} with this Tika (tests say if an upgrade turned it off). */
  static boolean sniffing() {
    return SNIFFER != null;
  }

  /** Tika's default detector on {@code head} and the file name: the reference {@link #mimeType} agrees with. */
  static String tikaMimeType(byte[] head, String filename) {
    try {
      org.apache.tika.metadata.Metadata md = new org.apache.tika.metadata.Metadata();
      if (filename != null) {
        md.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
      }
      return TIKA.getDetector().detect(new ByteArrayInputStream(head), md).getBaseType().toString();
    } catch (IOException e) {
      return "application/octet-stream";
    }
  }

  /** As {@link #extract(Path, String)}, plus ExifTool's tags under {@code exiftool} when it is configured. */
  static ObjectNode extract(Path file, String mimeType, java.util.Optional<ExifTool> exiftool) {
    ObjectNode out = extract(file, mimeType);
    exiftool.ifPresent(tool -> out.set("exiftool", tool.read(file)));
    return out;
  }

  /** Metadata for media types metadata-extractor understands; an empty object otherwise. */
  static ObjectNode extract(Path file, String mimeType) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (!(mimeType.startsWith("image/") || mimeType.startsWith("audio/") || mimeType.startsWith("video/"))) {
      return out;
    }
    try {
      Metadata md = ImageMetadataReader.readMetadata(file.toFile());
      for (Directory d : md.getDirectories()) {
        ObjectNode dir = out.putObject(d.getName());
        int n = 0;
        for (Tag t : d.getTags()) {
          if (n++ >= MAX_TAGS_PER_DIRECTORY) {
            break;
          }
          String v = t.getDescription();
          if (v != null) {
            dir.put(t.getTagName(), v.length() > MAX_VALUE_LENGTH ? v.substring(0, MAX_VALUE_LENGTH) : v);
          }
        }
      }
      Dimensions.of(md).ifPresent(dim -> out.put("width", dim[0]).put("height", dim[1]));
    } catch (ImageProcessingException | IOException | RuntimeException e) {
      out.put("extraction_error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    return out;
  }
}
