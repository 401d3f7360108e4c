package dev.tousei.notification.alert;

import java.util.Locale;

/** Alert severity, the catalog's scale; ordinal 0 is the most severe. */
public enum Severity {
    CRITICAL,
    HIGH,
    MEDIUM,
    LOW,
    INFORMATIONAL;

    /** A severity name as events carry it; unknown or missing values count as MEDIUM. */
    public static Severity of(String name) {
        if (name == null || name.isBlank()) {
            return MEDIUM;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return MEDIUM;
        }
    }

    /**
     * A finding's score as AWS reports it (GuardDuty 0–10; Security Hub's normalised 0–100 divided by 10 by the
     * collector): 9+ critical, 7+ high, 4+ medium, 1+ low, else informational (GuardDuty's published bands).
     */
    public static Severity ofScore(Double score) {
        if (score == null) {
            return null;
        }
        if (score >= 9.0) {
            return CRITICAL;
        }
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        return score >= 1.0 ? LOW : INFORMATIONAL;
    }

    public boolean atLeast(Severity other) {
        return ordinal() <= other.ordinal();
    }

    public static Severity max(Severity a, Severity b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}
