package dev.tousei.assessment.status;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counts per status and a score for a set of assessments (a framework, an account, or both).
 *
 * @param counts every status, zero when absent
 * @param total the number of assessments counted
 * @param score PASSED / (total − NOT_APPLICABLE) × 100, rounded half-up to one decimal; null when nothing is
 *     applicable
 */
public record Rollup(Map<ControlStatus, Long> counts, long total, Double score) {

    public Rollup {
        EnumMap<ControlStatus, Long> all = new EnumMap<>(ControlStatus.class);
        for (ControlStatus status : ControlStatus.values()) {
            all.put(status, counts == null ? 0L : counts.getOrDefault(status, 0L));
        }
        counts = Collections.unmodifiableMap(all);
        long sum = all.values().stream().mapToLong(Long::longValue).sum();
        if (sum != total) {
            throw new IllegalArgumentException("total " + total + " is not the sum of the counts " + sum);
        }
    }

    public static Rollup of(Collection<Assessment> assessments) {
        EnumMap<ControlStatus, Long> counts = new EnumMap<>(ControlStatus.class);
        for (Assessment assessment : assessments) {
            counts.merge(assessment.status(), 1L, Long::sum);
        }
        return new Rollup(counts, assessments.size(), score(counts));
    }

    /**
     * The score of counts keyed by status or by status name: PASSED / (all − NOT_APPLICABLE) × 100, rounded half-up
     * to one decimal; null when nothing is applicable.
     */
    public static Double score(Map<?, Long> counts) {
        long total = 0;
        long passed = 0;
        long notApplicable = 0;
        for (Map.Entry<?, Long> entry : counts.entrySet()) {
            long count = entry.getValue() == null ? 0 : entry.getValue();
            String status = String.valueOf(entry.getKey());
            total += count;
            if (ControlStatus.PASSED.name().equals(status)) {
                passed += count;
            } else if (ControlStatus.NOT_APPLICABLE.name().equals(status)) {
                notApplicable += count;
            }
        }
        long applicable = total - notApplicable;
        if (applicable == 0) {
            return null;
        }
        return BigDecimal.valueOf(passed)
                .multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(applicable), 1, RoundingMode.HALF_UP)
                .doubleValue();
    }

    /**
     * The roll-up of one framework's assessments (any accounts), counting REQUIREMENT controls only: groups carry no
     * status of their own. The caller passes the framework's (control, assessment) pairs.
     */
    public static Rollup ofFramework(Collection<? extends Map.Entry<ControlDefinition, Assessment>> assessed) {
        return of(assessed.stream()
                .filter(entry -> entry.getKey().kind() == ControlKind.REQUIREMENT)
                .map(Map.Entry::getValue)
                .toList());
    }

    public long count(ControlStatus status) {
        return counts.get(status);
    }
}
