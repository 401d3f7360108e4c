package dev.tousei.deploy.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * EventBridge envelopes as AWS delivers them, written for these tests (modelled on deploy/local/demo). Every call makes
 * fresh ids, so a scenario never collides with an earlier run's evidence; event times are "now", as live events are.
 */
final class AwsEvents {

    static final String REGION = "ap-northeast-1";

    private AwsEvents() {
    }

    /** A random 12-digit account id: each scenario works in its own account. */
    static String newAccount() {
        return "9" + String.format("%011d", ThreadLocalRandom.current().nextLong(100_000_000_000L));
    }

    static String trailArn(String account, String trail) {
        return "arn:aws:cloudtrail:" + REGION + ":" + account + ":trail/" + trail;
    }

    /** CloudTrail StopLogging / StartLogging on a trail, by an assumed role. */
    static byte[] cloudTrailLogging(String account, String trail, boolean start) {
        String eventName = start ? "StartLogging" : "StopLogging";
        String time = now();
        return """
                {
                  "version": "0",
                  "id": "%s",
                  "detail-type": "AWS API Call via CloudTrail",
                  "source": "aws.cloudtrail",
                  "account": "%s",
                  "time": "%s",
                  "region": "%s",
                  "resources": [],
                  "detail": {
                    "eventVersion": "1.08",
                    "userIdentity": {
                      "type": "AssumedRole",
                      "principalId": "AROAE2ETESTROLE:e2e-operator",
                      "arn": "arn:aws:sts::%s:assumed-role/PlatformOps/e2e-operator",
                      "accountId": "%s",
                      "sessionContext": {
                        "sessionIssuer": {"type": "Role", "arn": "arn:aws:iam::%s:role/PlatformOps", "userName": "PlatformOps"},
                        "attributes": {"creationDate": "%s", "mfaAuthenticated": "true"}
                      }
                    },
                    "eventTime": "%s",
                    "eventSource": "cloudtrail.amazonaws.com",
                    "eventName": "%s",
                    "awsRegion": "%s",
                    "sourceIPAddress": "203.0.113.77",
                    "userAgent": "aws-cli/2.17.0",
                    "requestParameters": {"name": "%s"},
                    "responseElements": null,
                    "requestID": "%s",
                    "eventID": "%s",
                    "readOnly": false,
                    "eventType": "AwsApiCall",
                    "managementEvent": true,
                    "recipientAccountId": "%s",
                    "eventCategory": "Management"
                  }
                }
                """.formatted(UUID.randomUUID(), account, time, REGION, account, account, account, time, time,
                eventName, REGION, trailArn(account, trail), UUID.randomUUID(), UUID.randomUUID(), account)
                .getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A GuardDuty finding. {@code sample} marks it the way GuardDuty's "generate sample findings" does
     * ({@code service.additionalInfo.sample: true}).
     */
    static byte[] guardDutyFinding(String account, String type, double severity, boolean sample) {
        String findingId = HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                .substring(0, 32);
        String detector = "e2e0d1e7ec70r000000000000000000a";
        String time = now();
        String additionalInfo = sample ? "\"additionalInfo\": {\"value\": \"{\\\"sample\\\":true}\", \"type\": \"default\", \"sample\": true},"
                : "";
        return """
                {
                  "version": "0",
                  "id": "%s",
                  "detail-type": "GuardDuty Finding",
                  "source": "aws.guardduty",
                  "account": "%s",
                  "time": "%s",
                  "region": "%s",
                  "resources": [],
                  "detail": {
                    "schemaVersion": "2.0",
                    "accountId": "%s",
                    "region": "%s",
                    "partition": "aws",
                    "id": "%s",
                    "arn": "arn:aws:guardduty:%s:%s:detector/%s/finding/%s",
                    "type": "%s",
                    "resource": {
                      "resourceType": "Instance",
                      "instanceDetails": {"instanceId": "i-0e2e0000000000001", "instanceType": "m5.large"}
                    },
                    "service": {
                      "serviceName": "guardduty",
                      "detectorId": "%s",
                      %s
                      "archived": false,
                      "count": 1,
                      "eventFirstSeen": "%s",
                      "eventLastSeen": "%s",
                      "resourceRole": "TARGET"
                    },
                    "severity": %s,
                    "createdAt": "%s",
                    "updatedAt": "%s",
                    "title": "e2e %s finding",
                    "description": "Written for tousei's end-to-end tests."
                  }
                }
                """.formatted(UUID.randomUUID(), account, time, REGION, account, REGION, findingId, REGION, account,
                detector, findingId, type, detector, additionalInfo, time, time, severity, time, time,
                sample ? "sample" : "live").getBytes(StandardCharsets.UTF_8);
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
