package dev.faceforge.eventstore;

import java.time.Instant;

/**
 * One committed row of the event log — the envelope every reader sees.
 *
 * @param position      global, gapless, 1-based order of truth across all streams
 * @param eventId       unique id; appending it again is a no-op that returns this row
 * @param streamId      the aggregate the event belongs to, e.g. {@code entity:<id>}
 * @param streamVersion 1-based version within the stream, for optimistic concurrency
 * @param type          dotted, past tense, e.g. {@code entity.created}
 * @param time          when the writer appended it (millisecond precision, UTC)
 * @param data          the event's JSON payload, exactly as appended
 * @param metadata      JSON metadata (actor, correlation_id, causation_id)
 * @param hash          hex sha256 of the previous row's hash and this row's canonical form
 */
public record RecordedEvent(long position, String eventId, String streamId, long streamVersion, String type,
                            Instant time, String data, String metadata, String hash) {
}
