package dev.tousei.assessment.status;

import static dev.tousei.events.assessment.ControlStatus.FAILED;
import static dev.tousei.events.assessment.ControlStatus.INSUFFICIENT_DATA;
import static dev.tousei.events.assessment.ControlStatus.NOT_APPLICABLE;
import static dev.tousei.events.assessment.ControlStatus.PASSED;
import static dev.tousei.events.assessment.ControlStatus.STALE;

import dev.tousei.events.assessment.ControlStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Computes the status of one control in one account from its evidence, attestations and any not-applicable
 * declaration, at a given instant. Pure: no clock, no I/O; the same inputs always give the same assessment.
 *
 * <ul>
 *   <li>NOT_APPLICABLE, when an admin declared it for the account, overrides everything.
 *   <li>Evidence (AUTOMATED): FAILED while any resource's latest evidence fails; else PASSED if some resource passes
 *       and the newest evidence of any effect is no older than the freshness window, STALE if it is older; a known
 *       failure stays FAILED however old. No PASS or FAIL finding: INSUFFICIENT_DATA, even with INFO evidence.
 *   <li>Attestation (ATTESTATION): the newest valid attestation ({@code attestedAt <= now < expiresAt}) for the
 *       account or for every account: PASSED; only expired ones: STALE; none: INSUFFICIENT_DATA.
 *   <li>BOTH: FAILED if the evidence fails; PASSED if the attestation passes and the evidence passes or has no
 *       finding yet; STALE if either part is stale; otherwise INSUFFICIENT_DATA.
 * </ul>
 */
public final class StatusEngine {

    private static final int LISTED_RESOURCES = 3;
    private static final int QUOTED_STATEMENT = 80;
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");

    private StatusEngine() {
    }

    /**
     * @param state the evidence of the control in the account being assessed
     * @param attestations the attestations covering the control in that account: its own and those for every
     *     account (see {@link Attestation#covers}); revoked ones left out. Those of another control are ignored.
     * @param notApplicable the declaration in force for the control in that account, or null
     * @param now the instant to assess at
     */
    public static Assessment assess(ControlDefinition control, ControlState state, List<Attestation> attestations,
            NotApplicable notApplicable, Instant now) {
        Objects.requireNonNull(control, "control");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(now, "now");
        if (notApplicable != null && notApplicable.controlId().equals(control.id())) {
            return new Assessment(NOT_APPLICABLE, notApplicableReason(notApplicable), List.of(), List.of(), List.of(),
                    state.newestEvidenceAt());
        }
        Part part = switch (control.assessmentMode()) {
            case AUTOMATED -> evidencePart(control, state, now);
            case ATTESTATION -> attestationPart(control, attestations, now);
            case BOTH -> combine(evidencePart(control, state, now), attestationPart(control, attestations, now));
        };
        return new Assessment(part.status(), part.reason(), part.evidenceIds(), part.attestationIds(),
                part.failedResources(), state.newestEvidenceAt());
    }

    /** The first instant at which the newest evidence counts as stale; empty without evidence or freshness. */
    static Optional<Instant> evidenceStaleFrom(ControlDefinition control, ControlState state) {
        if (control.freshness() == null || state.newestEvidenceAt() == null) {
            return Optional.empty();
        }
        // Stale once strictly older than the window: one nanosecond past newest + freshness.
        return Optional.of(state.newestEvidenceAt().plus(control.freshness()).plusNanos(1));
    }

    private record Part(ControlStatus status, String reason, List<UUID> evidenceIds, List<UUID> attestationIds,
            List<String> failedResources) {

        static Part of(ControlStatus status, String reason) {
            return new Part(status, reason, List.of(), List.of(), List.of());
        }
    }

    private static Part evidencePart(ControlDefinition control, ControlState state, Instant now) {
        boolean stale = evidenceStaleFrom(control, state).map(from -> !now.isBefore(from)).orElse(false);
        List<String> failed = state.resourcesWith(FAILED);
        if (!failed.isEmpty()) {
            String reason = "Failing on " + describe(state, failed, true) + ".";
            if (stale) {
                reason += " Newest evidence (" + at(state.newestEvidenceAt()) + ") is older than the "
                        + human(control.freshness()) + " freshness window; the failure stands until new evidence.";
            }
            return new Part(FAILED, reason, evidenceOf(state, failed), List.of(), failed);
        }
        List<String> passed = state.resourcesWith(PASSED);
        if (!passed.isEmpty()) {
            List<UUID> ids = Stream.concat(evidenceOf(state, passed).stream(), state.newestEvidenceIds().stream())
                    .distinct()
                    .toList();
            if (stale) {
                return new Part(STALE, "Newest evidence (" + at(state.newestEvidenceAt()) + ") is older than the "
                        + human(control.freshness()) + " freshness window; last known: passing on "
                        + describe(state, passed, false) + ".", ids, List.of(), List.of());
            }
            return new Part(PASSED, "Passing on " + describe(state, passed, passed.size() == 1)
                    + "; newest evidence " + at(state.newestEvidenceAt()) + ".", ids, List.of(), List.of());
        }
        if (state.newestEvidenceAt() != null) {
            return new Part(INSUFFICIENT_DATA, "No PASS or FAIL evidence yet: only informational evidence (newest "
                    + at(state.newestEvidenceAt()) + "), which shows collection works but proves nothing.",
                    state.newestEvidenceIds(), List.of(), List.of());
        }
        return Part.of(INSUFFICIENT_DATA, "No evidence yet.");
    }

    private static Part attestationPart(ControlDefinition control, List<Attestation> attestations, Instant now) {
        List<Attestation> covering = attestations == null ? List.of() : attestations.stream()
                .filter(attestation -> attestation.controlId().equals(control.id()))
                .toList();
        Optional<Attestation> valid = covering.stream()
                .filter(attestation -> attestation.isValidAt(now))
                .max(Comparator.comparing(Attestation::attestedAt)
                        .thenComparing(Attestation::expiresAt)
                        .thenComparing(Attestation::id));
        if (valid.isPresent()) {
            Attestation attestation = valid.get();
            String reason = "Attested by " + orUnknown(attestation.auditor()) + " on " + at(attestation.attestedAt())
                    + quote(attestation.statement()) + "; valid until " + at(attestation.expiresAt())
                    + (attestation.accountId() == null ? " (all accounts)." : ".");
            return new Part(PASSED, reason, List.of(), List.of(attestation.id()), List.of());
        }
        Optional<Attestation> expired = covering.stream()
                .filter(attestation -> attestation.isExpiredAt(now))
                .max(Comparator.comparing(Attestation::expiresAt).thenComparing(Attestation::id));
        if (expired.isPresent()) {
            Attestation attestation = expired.get();
            return new Part(STALE, "Attestation expired on " + at(attestation.expiresAt()) + " (by "
                    + orUnknown(attestation.auditor()) + "); a new attestation is needed.", List.of(),
                    List.of(attestation.id()), List.of());
        }
        Optional<Attestation> upcoming = covering.stream().min(Comparator.comparing(Attestation::attestedAt));
        if (upcoming.isPresent()) {
            return Part.of(INSUFFICIENT_DATA, "No valid attestation yet; the one by "
                    + orUnknown(upcoming.get().auditor()) + " takes effect on " + at(upcoming.get().attestedAt())
                    + ".");
        }
        return Part.of(INSUFFICIENT_DATA, "No attestation yet.");
    }

    private static Part combine(Part evidence, Part attestation) {
        if (evidence.status() == FAILED) {
            String reason = evidence.reason();
            if (attestation.status() == PASSED) {
                reason += " An attestation does not override failing evidence.";
            }
            return new Part(FAILED, reason, evidence.evidenceIds(), List.of(), evidence.failedResources());
        }
        if (attestation.status() == PASSED
                && (evidence.status() == PASSED || evidence.status() == INSUFFICIENT_DATA)) {
            return joined(PASSED, attestation.reason() + " " + evidence.reason(), evidence, attestation);
        }
        if (evidence.status() == STALE || attestation.status() == STALE) {
            String reason = Stream.of(attestation, evidence)
                    .filter(part -> part.status() == STALE)
                    .map(Part::reason)
                    .collect(Collectors.joining(" "));
            return joined(STALE, reason, evidence, attestation);
        }
        String reason = evidence.status() == PASSED
                ? "Evidence passes but an attestation is also required: " + attestation.reason()
                : "Needs both an attestation and PASS/FAIL evidence: " + attestation.reason() + " "
                        + evidence.reason();
        return joined(INSUFFICIENT_DATA, reason, evidence, attestation);
    }

    private static Part joined(ControlStatus status, String reason, Part evidence, Part attestation) {
        return new Part(status, reason, evidence.evidenceIds(), attestation.attestationIds(), List.of());
    }

    private static String notApplicableReason(NotApplicable declaration) {
        StringBuilder reason = new StringBuilder("Not applicable: ")
                .append(declaration.reason() == null || declaration.reason().isBlank()
                        ? "no reason given" : declaration.reason().strip())
                .append(" (declared by ").append(orUnknown(declaration.declaredBy()));
        if (declaration.declaredAt() != null) {
            reason.append(" on ").append(at(declaration.declaredAt()));
        }
        return reason.append(").").toString();
    }

    /** "trail-b (StopLogging on trail-b succeeded)", or "3 resources: a, b, c and 2 more". */
    private static String describe(ControlState state, List<String> keys, boolean withReasons) {
        String listed = keys.stream()
                .limit(LISTED_RESOURCES)
                .map(key -> {
                    String name = ACCOUNT_ID.matcher(key).matches() ? "account " + key : key;
                    String why = state.resources().get(key).reason();
                    return withReasons && why != null && !why.isBlank() ? name + " (" + why.strip() + ")" : name;
                })
                .collect(Collectors.joining(withReasons ? "; " : ", "));
        if (keys.size() > LISTED_RESOURCES) {
            listed += " and " + (keys.size() - LISTED_RESOURCES) + " more";
        }
        return keys.size() == 1 ? listed : keys.size() + " resources: " + listed;
    }

    private static List<UUID> evidenceOf(ControlState state, List<String> keys) {
        return keys.stream().map(key -> state.resources().get(key).evidenceId()).distinct().toList();
    }

    private static String quote(String statement) {
        if (statement == null || statement.isBlank()) {
            return "";
        }
        String text = statement.strip().replaceAll("\\s+", " ");
        if (text.length() > QUOTED_STATEMENT) {
            String cut = text.substring(0, QUOTED_STATEMENT - 1);
            int lastSpace = cut.lastIndexOf(' ');
            text = (lastSpace > QUOTED_STATEMENT / 2 ? cut.substring(0, lastSpace) : cut).strip() + "…";
        }
        return ": \"" + text + "\"";
    }

    private static String orUnknown(String who) {
        return who == null || who.isBlank() ? "(unknown)" : who;
    }

    private static String at(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** 24h, 365d, 90m, or the ISO form for anything else. */
    static String human(Duration duration) {
        if (duration.toDays() >= 2 && duration.equals(Duration.ofDays(duration.toDays()))) {
            return duration.toDays() + "d";
        }
        if (duration.equals(Duration.ofHours(duration.toHours()))) {
            return duration.toHours() + "h";
        }
        if (duration.equals(Duration.ofMinutes(duration.toMinutes()))) {
            return duration.toMinutes() + "m";
        }
        return duration.toString();
    }
}
