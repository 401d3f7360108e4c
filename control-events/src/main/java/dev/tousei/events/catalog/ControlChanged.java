package dev.tousei.events.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.UUID;

/**
 * A control was created, updated or deleted in the catalog. Published on {@link #TYPE}, keyed by
 * {@code controlId}; the topic is compacted so that replaying it from the start yields the whole catalog.
 *
 * @param control the control after the change; {@code null} when {@code change} is {@link ChangeKind#DELETED}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlChanged(
        UUID eventId,
        String controlId,
        ChangeKind change,
        long catalogRevision,
        Instant changedAt,
        String changedBy,
        ControlSnapshot control) {

    public static final String TYPE = "catalog.control-changed.v1";

    public enum ChangeKind { CREATED, UPDATED, DELETED }
}
