package dev.tousei.evidence.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** EventBridge envelopes for the tests, shaped like the real ones in shared/samples, with fresh ids. */
final class Envelopes {

    static final ObjectMapper JSON = new ObjectMapper();

    private Envelopes() {
    }

    /** A random 12-digit account, so each test sees only its own evidence. */
    static String newAccount() {
        return String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
    }

    static ObjectNode cloudTrailCall(String account, String eventSource, String eventName, ObjectNode requestParameters,
                                     String errorCode) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("eventVersion", "1.08");
        ObjectNode identity = detail.putObject("userIdentity");
        identity.put("type", "IAMUser");
        identity.put("principalId", "AIDAEXAMPLE");
        identity.put("arn", "arn:aws:iam::" + account + ":user/mallory");
        identity.put("accountId", account);
        identity.put("userName", "mallory");
        detail.put("eventTime", Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"));
        detail.put("eventSource", eventSource);
        detail.put("eventName", eventName);
        detail.put("awsRegion", "ap-northeast-1");
        detail.put("sourceIPAddress", "203.0.113.7");
        detail.set("requestParameters", requestParameters);
        detail.putNull("responseElements");
        if (errorCode != null) {
            detail.put("errorCode", errorCode);
            detail.put("errorMessage", "User is not authorized");
        }
        detail.put("requestID", UUID.randomUUID().toString());
        detail.put("eventID", UUID.randomUUID().toString());
        detail.put("readOnly", false);
        detail.put("eventType", "AwsApiCall");
        detail.put("managementEvent", true);
        detail.put("recipientAccountId", account);
        return envelope(account, "AWS API Call via CloudTrail", "aws." + eventSource.replace(".amazonaws.com", ""),
                detail);
    }

    static ObjectNode stopLogging(String account, String trailName) {
        ObjectNode parameters = JSON.createObjectNode().put("name", trailName);
        return cloudTrailCall(account, "cloudtrail.amazonaws.com", "StopLogging", parameters, null);
    }

    static ObjectNode startLogging(String account, String trailArn) {
        ObjectNode parameters = JSON.createObjectNode().put("name", trailArn);
        return cloudTrailCall(account, "cloudtrail.amazonaws.com", "StartLogging", parameters, null);
    }

    static ObjectNode guardDutyFinding(String account, double severity, boolean sample) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("schemaVersion", "2.0");
        detail.put("accountId", account);
        detail.put("region", "ap-northeast-1");
        detail.put("id", UUID.randomUUID().toString().replace("-", ""));
        detail.put("arn", "arn:aws:guardduty:ap-northeast-1:" + account + ":detector/d1/finding/f1");
        detail.put("type", "UnauthorizedAccess:EC2/SSHBruteForce");
        ObjectNode resource = detail.putObject("resource");
        resource.put("resourceType", "Instance");
        resource.putObject("instanceDetails").put("instanceId", "i-0123456789abcdef0");
        ObjectNode service = detail.putObject("service");
        service.put("serviceName", "guardduty");
        service.put("detectorId", "d1");
        service.put("archived", false);
        if (sample) {
            service.putObject("additionalInfo").put("sample", true);
        }
        detail.put("severity", severity);
        detail.put("title", "SSH brute force attacks against i-0123456789abcdef0");
        return envelope(account, "GuardDuty Finding", "aws.guardduty", detail);
    }

    private static ObjectNode envelope(String account, String detailType, String source, ObjectNode detail) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("detail-type", detailType);
        envelope.put("source", source);
        envelope.put("account", account);
        envelope.put("time", Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"));
        envelope.put("region", "ap-northeast-1");
        envelope.putArray("resources");
        envelope.set("detail", detail);
        return envelope;
    }
}
