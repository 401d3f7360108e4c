package dev.tousei.events.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What other services need to know of one control to assess it without calling the catalog.
 *
 * @param freshness ISO-8601 duration after which the newest evidence counts as stale
 * @param awsConfigRules names of the AWS Config managed rules the catalog maps to this control, so that a
 *     compliance change of any of them counts as evidence for it (e.g. {@code cloudtrail-enabled})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlSnapshot(
        String id,
        String displayId,
        List<String> aliases,
        String frameworkId,
        String parentId,
        ControlKind kind,
        String titleJa,
        String titleEn,
        Responsibility responsibility,
        AssessmentMode assessmentMode,
        String freshness,
        Severity defaultSeverity,
        List<EvidenceRule> evidenceRules,
        List<String> awsConfigRules,
        long version) {

    public enum ControlKind { GROUP, REQUIREMENT }

    public enum AssessmentMode { AUTOMATED, ATTESTATION, BOTH }

    public enum Severity { CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL }

    /** FISC's 対応の主体 marks: PRIMARY (〇), INFORMATION (－, provides information as needed), NONE. */
    public enum ResponsibilityMark { PRIMARY, INFORMATION, NONE }

    public record Responsibility(ResponsibilityMark aws, ResponsibilityMark customer) {
    }
}
