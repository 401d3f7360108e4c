package dev.tousei.events.evidence;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The OCSF-aligned facts of one piece of evidence.
 *
 * @param classUid OCSF class: 6003 API Activity, 2003 Compliance Finding, 2004 Detection Finding, 0 other
 * @param operation the API call (CloudTrail eventName), the Config rule, or the finding type
 * @param outcome SUCCESS, FAILURE (an error code was returned) or UNKNOWN
 * @param severity finding severity as AWS reports it (GuardDuty 0–10, Security Hub normalised / 10), or null
 * @param sample true for sample, canary or archived findings, which never open incidents
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvidenceSummary(
        int classUid,
        String className,
        String operation,
        String outcome,
        String errorCode,
        boolean readOnly,
        Actor actor,
        List<String> resources,
        Double severity,
        String findingType,
        String complianceType,
        boolean sample) {

    /** Who did it: OCSF actor.user (type, ARN, root, whether MFA was used). */
    public record Actor(String type, String arn, String name, boolean root, Boolean mfaUsed) {
    }
}
