package dev.faceforge.projections.events;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One structured log line of a job: {@code level} ({@code debug}, {@code info}, {@code warn}, {@code error}),
 * {@code message}, {@code data} (an object), and {@code time} as the runner reported it (RFC 3339), or
 * null when it did not, in which case the line takes the time of its {@code job.logged} event.
 */
public record JobLogLine(String level, String message, ObjectNode data, String time) {
}
