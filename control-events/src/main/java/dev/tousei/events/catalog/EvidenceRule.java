package dev.tousei.events.catalog;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * How the evidence collector links an AWS event to a control.
 *
 * @param eventPattern an Amazon EventBridge event pattern (JSON), matched with AWS's event-ruler
 * @param scope whether the effect applies to the whole account or to the resource the event names
 * @param resourcePath for RESOURCE scope, the dotted path of the field in the envelope that names the resource
 *     (e.g. {@code detail.requestParameters.name}); when null, the envelope's {@code resources[0]}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvidenceRule(
        String id,
        String description,
        String eventPattern,
        Effect effect,
        Scope scope,
        String resourcePath,
        Escalation escalation) {

    public enum Effect { PASS, FAIL, INFO }

    public enum Scope { ACCOUNT, RESOURCE }

    public enum Escalation { NONE, ALERT, INCIDENT }
}
