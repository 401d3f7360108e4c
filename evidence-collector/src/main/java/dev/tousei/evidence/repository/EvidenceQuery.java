package dev.tousei.evidence.repository;

import java.time.Instant;
import java.util.UUID;

/**
 * Filters of an evidence search; every one optional. Results come newest first; {@code after} is the position of
 * the last item of the previous page (its event time and id), so pages stay stable while evidence keeps arriving.
 */
public record EvidenceQuery(String controlId, String accountId, String resource, String detailType, Instant from,
                            Instant to, Position after, int limit) {

    public record Position(Instant eventTime, UUID id) {
    }
}
