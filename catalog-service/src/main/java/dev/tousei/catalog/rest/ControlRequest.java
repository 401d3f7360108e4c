package dev.tousei.catalog.rest;

import dev.tousei.catalog.ControlDocument;
import dev.tousei.catalog.ControlDocument.ConsiderationPoint;
import dev.tousei.catalog.ControlDocument.ImprovementItem;
import dev.tousei.catalog.ControlDocument.Reference;
import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import dev.tousei.events.catalog.ControlSnapshot.Responsibility;
import dev.tousei.events.catalog.ControlSnapshot.Severity;
import dev.tousei.events.catalog.EvidenceRule;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;
import java.util.List;

/**
 * A control as an admin submits it. {@code id} is required when creating, {@code version} (the version the admin
 * read) when updating: a stale version is refused with 409.
 */
public record ControlRequest(
        @NotBlank(groups = OnCreate.class) @Size(max = 64) String id,
        @NotNull(groups = OnUpdate.class) Long version,
        @NotBlank @Size(max = 64) String frameworkId,
        @NotBlank @Size(max = 200) String displayId,
        @Size(max = 20) List<@NotBlank @Size(max = 200) String> aliases,
        @Size(max = 64) String parentId,
        @NotNull ControlKind kind,
        @NotBlank @Size(max = 500) String titleJa,
        @NotBlank @Size(max = 500) String titleEn,
        @Size(max = 4000) String summaryJa,
        @Size(max = 4000) String summaryEn,
        Responsibility responsibility,
        AssessmentMode assessmentMode,
        @Size(max = 32) String freshness,
        Severity defaultSeverity,
        @Size(max = 8000) String guidanceJa,
        @Size(max = 100) List<@Valid @NotNull Reference> references,
        @Size(max = 100) List<@Valid @NotNull ImprovementItem> improvementPlan,
        @Size(max = 100) List<@Valid @NotNull ConsiderationPoint> considerationPoints,
        @Size(max = 200) List<@NotNull EvidenceRule> evidenceRules) {

    /** Constraints that apply when creating, in addition to the default ones. */
    public interface OnCreate extends Default {
    }

    /** Constraints that apply when updating, in addition to the default ones. */
    public interface OnUpdate extends Default {
    }

    ControlDocument toDocument() {
        return new ControlDocument(frameworkId, displayId, orEmpty(aliases), parentId, kind, titleJa, titleEn,
                summaryJa, summaryEn, responsibility, assessmentMode, freshness, defaultSeverity, guidanceJa,
                orEmpty(references), orEmpty(improvementPlan), orEmpty(considerationPoints), orEmpty(evidenceRules));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
