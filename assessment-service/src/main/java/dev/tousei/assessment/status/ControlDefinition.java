package dev.tousei.assessment.status;

import dev.tousei.events.catalog.ControlSnapshot;
import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import dev.tousei.events.catalog.ControlSnapshot.Severity;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * What the status engine needs to know of one control, taken from the catalog's {@link ControlSnapshot}.
 *
 * @param freshness how long the newest evidence keeps an automated PASS current; null when the catalog sets none
 *     (evidence then never goes stale)
 */
public record ControlDefinition(
        String id,
        String displayId,
        String frameworkId,
        String parentId,
        ControlKind kind,
        AssessmentMode assessmentMode,
        Duration freshness,
        Severity severity) {

    public ControlDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(assessmentMode, "assessmentMode of control " + id);
        if (freshness != null && (freshness.isZero() || freshness.isNegative())) {
            throw new IllegalArgumentException("freshness of control " + id + " must be positive: " + freshness);
        }
    }

    public static ControlDefinition of(ControlSnapshot snapshot) {
        return new ControlDefinition(
                snapshot.id(),
                snapshot.displayId(),
                snapshot.frameworkId(),
                snapshot.parentId(),
                snapshot.kind(),
                snapshot.assessmentMode(),
                parseFreshness(snapshot.id(), snapshot.freshness()),
                snapshot.defaultSeverity());
    }

    /**
     * Parses an ISO-8601 duration: time-based ({@code PT24H}), day-based ({@code P365D}, {@code P1DT12H}) or weeks
     * ({@code P2W}). Years and months are rejected: they have no fixed length.
     */
    static Duration parseFreshness(String controlId, String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        String text = iso.strip();
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException notADuration) {
            Period period;
            try {
                period = Period.parse(text);
            } catch (DateTimeParseException notAPeriod) {
                throw new IllegalArgumentException(
                        "freshness '" + iso + "' of control " + controlId + " is not an ISO-8601 duration", notAPeriod);
            }
            if (period.getYears() != 0 || period.getMonths() != 0) {
                throw new IllegalArgumentException("freshness '" + iso + "' of control " + controlId
                        + " uses years or months, which have no fixed length; use days (e.g. P365D)");
            }
            return Duration.ofDays(period.getDays());
        }
    }
}
