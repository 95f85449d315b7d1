package dev.faceforge.verticles.live;

import dev.faceforge.verticles.http.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which events a reader wants: log-type prefixes ({@code types=entity.,asset.}, with or without the
 * {@code faceforge.} prefix; none means all) and a subject, exact ({@code entity:<id>}) or a prefix when it
 * ends with {@code *} ({@code entity:*}). Matched the same way in SQL (catch-up, lists) and in memory (live).
 */
public record EventFilter(List<String> typePrefixes, String subject, boolean subjectIsPrefix) {
  public static final EventFilter ALL = new EventFilter(List.of(), null, false);
  private static final Pattern TYPE = Pattern.compile("^[A-Za-z0-9._-]{0,100}$");
  private static final int MAX_TYPES = 20;
  private static final int MAX_SUBJECT = 300;

  /** Parses the {@code types} and {@code subject} query parameters (either may be null); 400 when malformed. */
  public static EventFilter parse(String types, String subject) {
    List<String> prefixes = new ArrayList<>();
    if (types != null) {
      for (String raw : types.split(",", -1)) {
        String t = raw.strip();
        if (raw.chars().anyMatch(ch -> ch < 0x20) || !TYPE.matcher(t).matches()) {
          throw Problem.badRequest("types: each entry is a type prefix such as entity. or faceforge.entity.created");
        }
        t = t.startsWith(CloudEvents.TYPE_PREFIX) ? t.substring(CloudEvents.TYPE_PREFIX.length())
            : t.equals("faceforge") ? "" : t;
        if (t.isEmpty() && !raw.isBlank()) {
          return withSubject(List.of(), subject); // faceforge. matches every event
        }
        if (!t.isEmpty() && !prefixes.contains(t)) {
          prefixes.add(t);
        }
      }
      if (prefixes.size() > MAX_TYPES) {
        throw Problem.badRequest("types: at most " + MAX_TYPES + " prefixes");
      }
    }
    return withSubject(prefixes, subject);
  }

  private static EventFilter withSubject(List<String> prefixes, String subject) {
    if (subject == null || subject.isEmpty() || subject.equals("*")) {
      return new EventFilter(List.copyOf(prefixes), null, false);
    }
    if (subject.length() > MAX_SUBJECT || subject.chars().anyMatch(c -> c < 0x20)) {
      throw Problem.badRequest("subject: a stream id such as entity:<id>, or a prefix ending in * (max "
          + MAX_SUBJECT + " characters)");
    }
    boolean prefix = subject.endsWith("*");
    return new EventFilter(List.copyOf(prefixes), prefix ? subject.substring(0, subject.length() - 1) : subject,
        prefix);
  }

  public boolean matchesAll() {
    return typePrefixes.isEmpty() && subject == null;
  }

  public boolean matches(LiveEvent e) {
    return typeMatches(e.type()) && subjectMatches(e.subject());
  }

  private boolean typeMatches(String type) {
    if (typePrefixes.isEmpty()) {
      return true;
    }
    for (String p : typePrefixes) {
      if (type.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private boolean subjectMatches(String streamId) {
    return subject == null || (subjectIsPrefix ? streamId.startsWith(subject) : streamId.equals(subject));
  }

  /** Appends {@code AND ...} conditions for this filter to {@code sql} and their arguments to {@code args}. */
  void appendSql(StringBuilder sql, List<Object> args) {
    if (!typePrefixes.isEmpty()) {
      sql.append(" AND (");
      for (int i = 0; i < typePrefixes.size(); i++) {
        sql.append(i == 0 ? "" : " OR ").append("substr(type, 1, length(?)) = ?");
        args.add(typePrefixes.get(i));
        args.add(typePrefixes.get(i));
      }
      sql.append(')');
    }
    if (subject != null && subjectIsPrefix) {
      sql.append(" AND substr(stream_id, 1, length(?)) = ?");
      args.add(subject);
      args.add(subject);
    } else if (subject != null) {
      sql.append(" AND stream_id = ?");
      args.add(subject);
    }
  }
}
