package dev.faceforge.verticles.assets;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.verticles.assets.ByteRanges.Range;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import dev.faceforge.verticles.storage.BlobContent;
import dev.faceforge.verticles.storage.BlobNotFoundException;
import dev.faceforge.verticles.storage.StoredBlob;
import io.vertx.core.Vertx;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.UUID;

/**
 * One download answered per RFC 9110: conditional requests (If-None-Match, If-Range), single ranges (206),
 * several ranges ({@code multipart/byteranges}), unsatisfiable ranges (416), HEAD. Bytes go zero-copy with
 * {@code sendFile} when the blob is a local file, otherwise streamed with back-pressure.
 */
final class Download {
  /** Reads a range of an asset's bytes from wherever its {@code storage} record says they are. */
  public interface Source {
    Future<BlobContent> read(StoredBlob storage, long offset, long length);
  }

  private final Vertx vertx;
  private final Source source;
  private final DownloadTargets targets;

  Download(Vertx vertx, Source source, DownloadTargets targets) {
    this.vertx = vertx;
    this.source = source;
    this.targets = targets;
  }

  Future<Void> send(HttpServerRequest req, DownloadTarget asset) {
    HttpServerResponse res = req.response();
    long size = asset.size();
    String etag = asset.etag();
    // The server never compresses (ApiVerticle): ETag, Content-Length and Content-Range describe the stored
    // bytes, and sendFile stays zero-copy.
    res.putHeader("ETag", etag).putHeader("Accept-Ranges", "bytes")
        .putHeader("Cache-Control", "private, max-age=31536000, immutable")
        .putHeader("Content-Disposition", asset.disposition());
    if (Conditions.noneMatch(req.getHeader("If-None-Match"), etag)) {
      return res.setStatusCode(304).end();
    }
    String range = Conditions.rangeApplies(req.getHeader("If-Range"), etag) ? req.getHeader("Range") : null;
    ByteRanges.Result r = ByteRanges.parse(range, size);
    if (r.unsatisfiable()) {
      return res.setStatusCode(416).putHeader("Content-Range", "bytes */" + size).end();
    }
    String type = asset.mimeType();
    StoredBlob storage = asset.storage();
    boolean head = req.method() == HttpMethod.HEAD;
    if (r.whole() || r.ranges().size() == 1) {
      Range one = r.whole() ? new Range(0, size - 1) : r.ranges().get(0);
      res.setStatusCode(r.whole() ? 200 : 206).putHeader("Content-Type", type)
          .putHeader("Content-Length", Long.toString(one.length()));
      if (!r.whole()) {
        res.putHeader("Content-Range", one.contentRange(size));
      }
      if (head) {
        return present(asset).compose(x -> res.end());
      }
      // Vert.x's HTTP/2 response cannot send from a channel; there the bytes go through the store's read
      boolean shared = asset.file() != null && req.version() != HttpVersion.HTTP_2;
      return shared ? sendFile(res, asset, one) : body(res, storage, one, true);
    }
    return multipart(res, asset, type, size, r.ranges(), head);
  }

  /**
   * For a HEAD: a local blob's file is there (opening it is what a GET does first, and the handle is kept for
   * the GET that usually follows), so that HEAD and GET agree on a blob gone from the disk. A remote blob is
   * not asked.
   */
  private Future<Void> present(DownloadTarget asset) {
    return asset.file() == null ? Future.succeededFuture() : open(asset).map(file -> {
      targets.release(file);
      return null;
    });
  }

  /** The asset's shared open file (release it after use); a missing file fails as {@link BlobNotFoundException}. */
  private Future<OpenFiles.Handle> open(DownloadTarget asset) {
    try {
      return Future.succeededFuture(targets.open(asset));
    } catch (NoSuchFileException e) {
      return Future.failedFuture(new BlobNotFoundException(asset.storage().provider(), asset.storage().sha256()));
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Sends a range of a local blob file zero-copy from the asset's shared open file. A file that is missing, or
   * shorter than the range (damaged on disk), fails before any header is written: Vert.x would send the bytes
   * there are under the Content-Length already set, and the client would wait for the rest.
   */
  private Future<Void> sendFile(HttpServerResponse res, DownloadTarget asset, Range range) {
    return open(asset).compose(file -> {
      Future<Void> sent;
      try {
        long size = file.channel().size();
        sent = range.last() < size ? res.sendFile(file.channel(), range.first(), range.length())
            : Future.failedFuture(new IllegalStateException("the blob " + asset.file() + " has " + size
                + " bytes, its asset records " + asset.size()));
      } catch (IOException | RuntimeException e) { // a closed response throws
        sent = Future.failedFuture(e);
      }
      return sent.onComplete(x -> targets.release(file));
    });
  }

  private Future<Void> body(HttpServerResponse res, StoredBlob storage, Range range, boolean end) {
    return source.read(storage, range.first(), range.length()).compose(content -> send(res, content, end));
  }

  /** Sends {@code content}; {@code end}: as the whole response body, else as one part of it. */
  private Future<Void> send(HttpServerResponse res, BlobContent content, boolean end) {
    if (end) {
      return content.sendTo(res);
    }
    if (content instanceof BlobContent.Streamed streamed) {
      return streamed.stream().pipe().endOnComplete(false).to(res);
    }
    BlobContent.LocalFile file = (BlobContent.LocalFile) content;
    return vertx.fileSystem().open(file.path().toString(), new OpenOptions().setRead(true))
        .compose(f -> f.setReadPos(file.offset()).setReadLength(file.length()).pipe().endOnComplete(false)
            .to(res).eventually(f::close));
  }

  private Future<Void> multipart(HttpServerResponse res, DownloadTarget asset, String type, long size,
                                 List<Range> ranges, boolean head) {
    StoredBlob storage = asset.storage();
    String boundary = "ff-" + UUID.randomUUID();
    long length = 0;
    for (Range r : ranges) {
      length += partHeader(boundary, type, r, size).length() + r.length() + 2;
    }
    String closing = "--" + boundary + "--\r\n";
    length += closing.length();
    res.setStatusCode(206).putHeader("Content-Type", "multipart/byteranges; boundary=" + boundary)
        .putHeader("Content-Length", Long.toString(length));
    if (head) {
      return present(asset).compose(x -> res.end());
    }
    // the first part's bytes are found before the status goes out: a blob missing from its store is a clean
    // problem response, not a 206 cut short
    Range first = ranges.get(0);
    return source.read(storage, first.first(), first.length()).compose(firstContent -> {
      Future<Void> chain = res.write(partHeader(boundary, type, first, size))
          .compose(x -> send(res, firstContent, false))
          .compose(x -> res.write("\r\n"));
      for (Range r : ranges.subList(1, ranges.size())) {
        chain = chain.compose(x -> res.write(partHeader(boundary, type, r, size)))
            .compose(x -> body(res, storage, r, false))
            .compose(x -> res.write("\r\n"));
      }
      return chain.compose(x -> res.end(closing));
    });
  }

  private static String partHeader(String boundary, String type, Range r, long size) {
    return "--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: " + r.contentRange(size) + "\r\n\r\n";
  }

  /**
   * Removes the headers {@link #send} set, for when it fails before they were written: they describe bytes that
   * will not come (above all Content-Length: a problem answer under it would leave the client waiting).
   */
  static void withdrawHeaders(HttpServerResponse res) {
    for (String name : SENT_HEADERS) {
      res.headers().remove(name);
    }
  }

  private static final List<String> SENT_HEADERS = List.of("ETag", "Accept-Ranges", "Cache-Control",
      "Content-Disposition", "Content-Type", "Content-Length", "Content-Range");

  /** An asset document as stored in the read model. */
  static ObjectNode parse(String json) {
    try {
      return (ObjectNode) dev.faceforge.projections.events.DomainEvents.MAPPER.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a stored asset document is not JSON", e);
    }
  }
}
