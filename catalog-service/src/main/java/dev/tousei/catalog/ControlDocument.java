package dev.tousei.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import dev.tousei.events.catalog.ControlSnapshot.Responsibility;
import dev.tousei.events.catalog.ControlSnapshot.Severity;
import dev.tousei.events.catalog.EvidenceRule;
import java.util.List;

/**
 * The full definition of one control as stored (jsonb), audited and served. Its id and version live beside it,
 * on the {@link Control} row.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlDocument(
        String frameworkId,
        String displayId,
        List<String> aliases,
        String parentId,
        ControlKind kind,
        String titleJa,
        String titleEn,
        String summaryJa,
        String summaryEn,
        Responsibility responsibility,
        AssessmentMode assessmentMode,
        String freshness,
        Severity defaultSeverity,
        String guidanceJa,
        List<Reference> references,
        List<ImprovementItem> improvementPlan,
        List<ConsiderationPoint> considerationPoints,
        List<EvidenceRule> evidenceRules) {

    public record Reference(String title, String url) {
    }

    /** One item of AWS's improvement plan (改善計画) for a Well-Architected best practice. */
    public record ImprovementItem(String titleJa, String summaryJa) {
    }

    /** One of CSA Japan's consideration points: 検討項目, its 検討の視点 and 行動例. */
    public record ConsiderationPoint(String itemJa, List<String> viewpointsJa, List<String> actionExamplesJa) {
    }
}
