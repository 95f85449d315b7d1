package dev.faceforge.verticles.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.faceforge.eventstore.Times;
import dev.faceforge.projections.events.JobLogLine;
import dev.faceforge.verticles.http.Problem;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks the log lines a runner sends: a level ({@code debug}, {@code info}, {@code warn}, {@code error}),
 * a message, an optional data object and an optional RFC 3339 time, normalized to the log's format.
 */
public final class JobLogLines {
  public static final Set<String> LEVELS = Set.of("debug", "info", "warn", "error");
  public static final int MAX_LINES = 1000;

  private JobLogLines() {
  }

  /** {@code lines}: 1-1000 of {@code {level, message, data?, time?}}; times are normalized to the log's format. */
  public static List<JobLogLine> parse(JsonNode node) {
    Inputs in = new Inputs("");
    if (node == null || !node.isArray() || node.isEmpty() || node.size() > MAX_LINES) {
      throw Problem.invalid("lines", "must be an array of 1-" + MAX_LINES + " log lines");
    }
    List<JobLogLine> out = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      String at = "lines[" + i + "].";
      JsonNode l = node.get(i);
      JsonNode level = l.get("level");
      if (level == null || !LEVELS.contains(level.asText(""))) {
        in.error(at + "level", "must be one of debug, info, warn, error");
      }
      JsonNode message = l.get("message");
      if (message == null || !message.isTextual() || message.asText().isEmpty() || message.asText().length() > 8000) {
        in.error(at + "message", "must be a string of 1-8000 characters");
      }
      ObjectNode data = in.object(l.get("data"), at + "data");
      out.add(new JobLogLine(level == null ? null : level.asText(), message == null ? null : message.asText(), data,
          time(in, l.get("time"), at + "time")));
    }
    in.check();
    return out;
  }

  private static String time(Inputs in, JsonNode node, String field) {
    if (node == null || node.isNull()) {
      return null;
    }
    try {
      return Times.format(OffsetDateTime.parse(node.asText()).toInstant());
    } catch (DateTimeParseException e) {
      in.error(field, "must be an RFC 3339 date-time");
      return null;
    }
  }
}
