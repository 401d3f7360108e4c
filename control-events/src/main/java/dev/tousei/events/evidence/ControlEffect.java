package dev.tousei.events.evidence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.tousei.events.catalog.EvidenceRule.Effect;
import dev.tousei.events.catalog.EvidenceRule.Escalation;
import dev.tousei.events.catalog.EvidenceRule.Scope;

/**
 * What one piece of evidence means for one control, decided by one of the control's evidence rules.
 *
 * @param resourceId the resource the effect applies to when {@code scope} is RESOURCE; null for ACCOUNT
 * @param reason why, in words an analyst reads (e.g. "StopLogging on trail arn:… succeeded")
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ControlEffect(
        String controlId,
        String ruleId,
        Effect effect,
        Scope scope,
        String resourceId,
        Escalation escalation,
        String reason) {
}
