package dev.faceforge.verticles.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
  @TempDir
  Path home;

  @Test
  void createThenGet() throws Exception {
    try (RunningServer s = RunningServer.start(home)) {
      var created = s.call("POST", "/v1/entities", "{\"display_name\":\"Ada\",\"tags\":[\"x\"]}");
      System.out.println(created.statusCode() + " " + created.headers().map() + " " + created.body());
      assertThat(created.statusCode()).isEqualTo(201);
      String id = s.json(created).getString("entity_id");
      var got = s.call("GET", "/v1/entities/" + id, null);
      System.out.println(got.statusCode() + " " + got.body());
      var list = s.call("GET", "/v1/entities?q=ad", null);
      System.out.println(list.statusCode() + " " + list.body());
      var bad = s.call("POST", "/v1/entities", "{\"display_name\":5}");
      System.out.println(bad.statusCode() + " " + bad.headers().map() + " " + bad.body());
      var h = s.call("GET", "/healthz", null);
      System.out.println(h.statusCode() + " " + h.body());
    }
  }
}
