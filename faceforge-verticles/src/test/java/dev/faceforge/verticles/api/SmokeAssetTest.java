package dev.faceforge.verticles.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeAssetTest {
  @TempDir
  Path home;

  @Test
  void uploadThenDownload() throws Exception {
    try (RunningServer s = RunningServer.start(home)) {
      String boundary = "XyZ";
      String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nimage.original\r\n"
          + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hello.txt\"\r\n"
          + "Content-Type: text/plain\r\n\r\nhello world, this is a test\r\n--" + boundary + "--\r\n";
      var r = s.raw(HttpRequest.newBuilder(URI.create(s.base() + "/v1/assets/upload"))
          .header("Authorization", "Bearer " + RunningServer.TOKEN)
          .header("Content-Type", "multipart/form-data; boundary=" + boundary)
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
      System.out.println(r.statusCode() + " " + r.body());
      assertThat(r.statusCode()).isEqualTo(201);
      String id = s.json(r).getString("asset_id");
      var d = s.call("GET", "/v1/assets/" + id + "/download", null, "Range", "bytes=0-4");
      System.out.println(d.statusCode() + " " + d.headers().map() + " " + d.body());
      var m = s.call("GET", "/v1/assets/" + id + "/download", null, "Range", "bytes=0-4,6-10");
      System.out.println(m.statusCode() + " " + m.headers().map() + "\n" + m.body());
      var l = s.call("POST", "/v1/assets/" + id + "/links", "{}");
      System.out.println(l.statusCode() + " " + l.body());
      String path = s.json(l).getString("path");
      var signed = s.raw(HttpRequest.newBuilder(URI.create(s.base() + path)).GET().build());
      System.out.println(signed.statusCode() + " " + signed.body());
      var bad = s.raw(HttpRequest.newBuilder(URI.create(s.base() + path.replace("sig=", "sig=x"))).GET().build());
      System.out.println(bad.statusCode() + " " + bad.body());
    }
  }
}
