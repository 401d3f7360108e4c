package dev.tousei.notification.alert;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.assessment.ControlStatusChanged;
import dev.tousei.events.catalog.EvidenceRule.Escalation;
import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.events.evidence.EvidenceRecorded;
import dev.tousei.events.evidence.EvidenceSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Turns input events into alert signals: which alerts to raise and which to resolve. Pure; no I/O. */
public final class Signals {

    private Signals() {
    }

    /** What one event asks for. */
    public record Outcome(List<AlertSignal> raise, List<ClearSignal> clear) {
        public boolean isEmpty() {
            return raise.isEmpty() && clear.isEmpty();
        }
    }

    /**
     * FAILED raises one alert per failing resource (or one for the account); STALE raises one when the control's severity is in {@code staleSeverities};
     * PASSED and NOT_APPLICABLE resolve all of the control's alerts in the account.
     */
    public static Outcome of(ControlStatusChanged event, Set<Severity> staleSeverities) {
        String sourceId = "status:" + event.eventId();
        Severity severity = Severity.of(event.severity());
        String display = event.displayId() == null ? event.controlId() : event.displayId();
        ControlStatus status = event.status();
        if (status == ControlStatus.FAILED) {
            List<String> resources = event.failedResources() == null ? List.of()
                    : event.failedResources().stream().filter(r -> r != null && !r.isBlank()).distinct().toList();
            List<AlertSignal> raise = new ArrayList<>();
            String title = display + " failed in account " + event.accountId();
            if (resources.isEmpty()) {
                raise.add(controlSignal(event, AlertKind.CONTROL_FAILED, null, severity, title, sourceId));
            } else {
                for (String resource : resources) {
                    raise.add(controlSignal(event, AlertKind.CONTROL_FAILED, resource, severity,
                            display + " failed for " + resource, sourceId));
                }
            }
            return new Outcome(raise, List.of());
        }
        if (status == ControlStatus.STALE && staleSeverities.contains(severity)) {
            return new Outcome(List.of(controlSignal(event, AlertKind.CONTROL_STALE, null, severity,
                    display + " has no fresh evidence in account " + event.accountId(), sourceId)), List.of());
        }
        if (status == ControlStatus.PASSED || status == ControlStatus.NOT_APPLICABLE) {
            return new Outcome(List.of(), List.of(new ClearSignal(event.accountId(), event.controlId(),
                    display + " is " + status.name().toLowerCase(Locale.ROOT).replace('_', ' '), sourceId,
                    observedAt(event))));
        }
        return new Outcome(List.of(), List.of());
    }

    private static AlertSignal controlSignal(ControlStatusChanged event, AlertKind kind, String resource,
                                             Severity severity, String title, String sourceId) {
        return new AlertSignal(Fingerprints.control(event.accountId(), event.controlId(), resource), kind,
                event.accountId(), event.controlId(), event.displayId(), event.frameworkId(), resource, null, severity,
                title, event.reason(), false, sourceId, observedAt(event));
    }

    /**
     * The time of the fact behind the status change, on the same clock as the evidence path's signals (AWS event
     * times), so that a late evidence and a status change are ordered by what happened, not by when they arrived.
     */
    private static Instant observedAt(ControlStatusChanged event) {
        return event.observedAt() != null ? event.observedAt() : event.changedAt();
    }

    /**
     * Effects flagged ALERT or INCIDENT raise alerts: a detection finding once per finding (however many controls it
     * touches), anything else per control and resource, so that the status change that follows counts as a repeat.
     * INCIDENT is at least HIGH. Sample and canary findings are raised as samples (recorded, never sent).
     */
    public static Outcome of(EvidenceRecorded evidence, Function<String, ControlInfo> catalog) {
        if (evidence.effects() == null || evidence.effects().isEmpty()) {
            return new Outcome(List.of(), List.of());
        }
        EvidenceSummary summary = evidence.summary();
        String findingType = summary == null ? null : summary.findingType();
        boolean finding = findingType != null && !findingType.isBlank();
        boolean sample = summary != null && (summary.sample() || isSampleType(findingType));
        Severity scored = summary == null ? null : Severity.ofScore(summary.severity());
        String sourceId = "evidence:" + evidence.evidenceId();
        Map<String, AlertSignal> byFingerprint = new LinkedHashMap<>();
        for (ControlEffect effect : evidence.effects()) {
            if (effect == null || effect.controlId() == null
                    || effect.escalation() != Escalation.ALERT && effect.escalation() != Escalation.INCIDENT) {
                continue;
            }
            ControlInfo control = catalog.apply(effect.controlId());
            Severity severity = scored != null ? scored
                    : control != null ? control.severity() : Severity.MEDIUM;
            if (effect.escalation() == Escalation.INCIDENT) {
                severity = Severity.max(severity, Severity.HIGH);
            }
            String display = control != null && control.displayId() != null ? control.displayId() : effect.controlId();
            String framework = control == null ? null : control.frameworkId();
            AlertSignal signal;
            if (finding) {
                String resource = firstResource(effect, summary);
                String fingerprint = Fingerprints.finding(
                        Fingerprints.findingId(evidence.accountId(), evidence.region(), findingType, resource));
                signal = new AlertSignal(fingerprint, AlertKind.FINDING, evidence.accountId(), effect.controlId(),
                        display, framework, resource, findingType, severity,
                        findingType + " in account " + evidence.accountId(), effect.reason(), sample, sourceId,
                        evidence.eventTime() != null ? evidence.eventTime() : evidence.recordedAt());
            } else {
                String resource = effect.resourceId();
                signal = new AlertSignal(Fingerprints.control(evidence.accountId(), effect.controlId(), resource),
                        AlertKind.CONTROL_FAILED, evidence.accountId(), effect.controlId(), display, framework,
                        resource, null, severity,
                        display + " broken in account " + evidence.accountId()
                                + (resource == null ? "" : " for " + resource),
                        effect.reason(), sample, sourceId,
                        evidence.eventTime() != null ? evidence.eventTime() : evidence.recordedAt());
            }
            byFingerprint.merge(signal.fingerprint(), signal,
                    (a, b) -> b.severity().ordinal() < a.severity().ordinal() ? b : a);
        }
        return new Outcome(List.copyOf(byFingerprint.values()), List.of());
    }

    /** GuardDuty's canary types ("Canary:…") and sample finding types ("…/Sample…", "[SAMPLE]"). */
    static boolean isSampleType(String findingType) {
        if (findingType == null) {
            return false;
        }
        String type = findingType.toLowerCase(Locale.ROOT);
        return type.startsWith("canary:") || type.contains("[sample]") || type.startsWith("sample:");
    }

    private static String firstResource(ControlEffect effect, EvidenceSummary summary) {
        if (effect.resourceId() != null && !effect.resourceId().isBlank()) {
            return effect.resourceId();
        }
        if (summary.resources() != null) {
            return summary.resources().stream().filter(r -> r != null && !r.isBlank()).findFirst().orElse(null);
        }
        return null;
    }
}
