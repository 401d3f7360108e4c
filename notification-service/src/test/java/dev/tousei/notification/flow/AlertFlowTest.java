package dev.tousei.notification.flow;

import static dev.tousei.notification.flow.Api.alertsOf;
import static dev.tousei.notification.flow.Api.as;
import static dev.tousei.notification.flow.NotificationTestResources.DETECT;
import static dev.tousei.notification.flow.NotificationTestResources.GOVERN;
import static dev.tousei.notification.flow.NotificationTestResources.webhooks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.assessment.ControlStatusChanged;
import dev.tousei.events.catalog.EvidenceRule.Escalation;
import dev.tousei.events.evidence.EvidenceRecorded;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Alerts from status changes and findings: dedup, auto-resolve and reopen, idempotency, triage, events out. */
@QuarkusTest
@QuarkusTestResource(NotificationTestResources.class)
class AlertFlowTest {

    /** A route sending the account's alerts to its own webhook path. */
    private static String routeAccountTo(String account, String path) {
        String channel = Api.webhookChannel("flow-" + path, path, null);
        return Api.route(Map.of("name", "flow-" + path, "accounts", List.of(account), "channelIds", List.of(channel)));
    }

    @Test
    void aRepeatedFindingIsOneAlertCountedTwiceAndSentOnce() throws InterruptedException {
        String account = TestEvents.newAccount();
        String path = "dedup-" + account;
        routeAccountTo(account, path);
        String resource = "arn:aws:iam::" + account + ":user/batch";
        EvidenceRecorded first = TestEvents.finding(account, "UnauthorizedAccess:IAMUser/TorIPCaller", 8.0, resource,
                Escalation.INCIDENT, false);
        TestEvents.send(first);
        TestEvents.send(TestEvents.finding(account, "UnauthorizedAccess:IAMUser/TorIPCaller", 8.0, resource,
                Escalation.INCIDENT, false));

        List<Map<String, Object>> alerts = alertsOf(account, list -> list.size() == 1
                && Integer.valueOf(2).equals(list.get(0).get("occurrences")));
        Map<String, Object> alert = alerts.get(0);
        assertThat(alert.get("fingerprint")).isEqualTo("finding:" + account + "/ap-northeast-1/"
                + "UnauthorizedAccess:IAMUser/TorIPCaller/" + resource);
        assertThat(alert).containsEntry("kind", "FINDING").containsEntry("severity", "HIGH")
                .containsEntry("state", "OPEN").containsEntry("frameworkId", "aws-wa-security");

        await().atMost(Duration.ofSeconds(15)).until(() -> webhooks.received(path).size() >= 1);
        Thread.sleep(1_500); // a second notification would have arrived by now
        assertThat(webhooks.received(path)).hasSize(1);
        assertThat(webhooks.received(path).get(0).text()).contains("\"reason\":\"RAISED\"");
    }

    @Test
    void theTraceOfAStatusEventFollowsItsAlertOntoKafkaAndIntoTheWebhookAlsoWhenRetried() {
        String account = TestEvents.newAccount();
        String path = "traced-" + account;
        routeAccountTo(account, path);
        webhooks.failNext(path, 1); // the second attempt comes from the worker, with the trace read back from the row
        String traceId = "5c2f0e3b7a1d4c9e8f6a0b1c2d3e4f50";
        TestEvents.sendTraced(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "HIGH",
                List.of()), "00-" + traceId + "-a1b2c3d4e5f60718-00");

        await().atMost(Duration.ofSeconds(20)).until(() -> webhooks.received(path).size() >= 1);
        assertThat(webhooks.refused(path)).isEqualTo(1);
        assertThat(webhooks.received(path).get(0).header("traceparent")).startsWith("00-" + traceId + "-");

        List<ConsumerRecord<String, String>> raised = TestEvents.read(NotificationTestResources.RAISED,
                r -> r.value().contains("\"accountId\":\"" + account + "\""), 1, Duration.ofSeconds(20));
        assertThat(raised).hasSize(1);
        // where the alert was raised (the status event's consumer span), and the record's own producer span
        assertThat(TestEvents.header(raised.get(0), "ce_traceparent")).startsWith("00-" + traceId + "-")
                .doesNotContain("a1b2c3d4e5f60718");
        assertThat(TestEvents.header(raised.get(0), "traceparent")).startsWith("00-" + traceId + "-");
    }

    @Test
    void aRedeliveredEventChangesNothing() throws InterruptedException {
        String account = TestEvents.newAccount();
        ControlStatusChanged failed = TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED,
                "HIGH", List.of());
        TestEvents.send(failed);
        alertsOf(account, list -> list.size() == 1);
        TestEvents.send(failed);
        Thread.sleep(1_500);
        List<Map<String, Object>> alerts = alertsOf(account, list -> list.size() == 1);
        assertThat(alerts.get(0)).containsEntry("occurrences", 1);
    }

    @Test
    void aPassingControlResolvesItsAlertsAndAFailureReopensThem() {
        String account = TestEvents.newAccount();
        String path = "reopen-" + account;
        routeAccountTo(account, path);
        String trail = "arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/org";
        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "HIGH",
                List.of(trail)));
        Map<String, Object> raised = alertsOf(account, list -> list.size() == 1).get(0);
        assertThat(raised).containsEntry("fingerprint", "control:" + account + "/" + DETECT + "/" + trail)
                .containsEntry("resourceId", trail).containsEntry("kind", "CONTROL_FAILED");
        String id = (String) raised.get("id");

        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.FAILED, ControlStatus.PASSED, "HIGH",
                List.of()));
        Map<String, Object> resolved = alertsOf(account, list -> "RESOLVED".equals(list.get(0).get("state"))).get(0);
        assertThat(resolved).containsEntry("resolvedBy", "system").containsEntry("id", id);

        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "HIGH",
                List.of(trail)));
        Map<String, Object> reopened = alertsOf(account, list -> "OPEN".equals(list.get(0).get("state"))).get(0);
        assertThat(reopened).containsEntry("id", id).containsEntry("reopenCount", 1).containsEntry("occurrences", 2);
        assertThat(reopened.get("resolvedAt")).isNull();

        await().atMost(Duration.ofSeconds(15)).until(() -> webhooks.received(path).size() == 2);
        assertThat(webhooks.received(path).get(1).text()).contains("\"reason\":\"REOPENED\"");
        assertThat(Api.alert(id).getList("activity.kind")).containsExactly("RAISED", "RESOLVED", "REOPENED");

        String fingerprint = (String) raised.get("fingerprint");
        List<ConsumerRecord<String, String>> raisedEvents = TestEvents.read(NotificationTestResources.RAISED,
                r -> fingerprint.equals(r.key()), 2, Duration.ofSeconds(20));
        assertThat(raisedEvents).hasSize(2);
        assertThat(TestEvents.header(raisedEvents.get(0), "ce_type")).isEqualTo("notification.alert-raised.v1");
        assertThat(TestEvents.header(raisedEvents.get(0), "ce_subject")).isEqualTo(fingerprint);
        assertThat(raisedEvents.get(0).value()).contains("\"reopened\":false").contains("\"alertId\":\"" + id + "\"");
        assertThat(raisedEvents.get(1).value()).contains("\"reopened\":true");
        List<ConsumerRecord<String, String>> changes = TestEvents.read(NotificationTestResources.STATE_CHANGED,
                r -> fingerprint.equals(r.key()), 2, Duration.ofSeconds(20));
        assertThat(changes).extracting(ConsumerRecord::value).satisfiesExactly(
                first -> assertThat(first).contains("\"previousState\":\"OPEN\"").contains("\"state\":\"RESOLVED\""),
                second -> assertThat(second).contains("\"previousState\":\"RESOLVED\"").contains("\"state\":\"OPEN\""));
    }

    /**
     * Evidence and status changes reach this service on two topics, so a StopLogging can be read after the PASSED of
     * the StartLogging that followed it (the fault check saw it). Ordered by when things happened, not by arrival: the
     * late StopLogging leaves the alert resolved; a StopLogging after the resolution reopens it.
     */
    @Test
    void aFailureObservedBeforeTheResolutionArrivingLateDoesNotReopenTheAlert() {
        String account = TestEvents.newAccount();
        String trail = "arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/late";
        java.time.Instant t0 = java.time.Instant.now().minusSeconds(60);
        TestEvents.send(TestEvents.trailStopped(account, trail, t0));
        String id = (String) alertsOf(account, list -> list.size() == 1).get(0).get("id");
        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.FAILED, ControlStatus.PASSED, List.of(),
                t0.plusSeconds(10)));
        alertsOf(account, list -> "RESOLVED".equals(list.get(0).get("state")));

        TestEvents.send(TestEvents.trailStopped(account, trail, t0.plusSeconds(5)));
        String marker = "arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/marker";
        TestEvents.send(TestEvents.trailStopped(account, marker, t0.plusSeconds(6))); // same partition, read after it
        List<Map<String, Object>> afterLate = alertsOf(account, list -> list.size() == 2);
        assertThat(afterLate).filteredOn(alert -> id.equals(alert.get("id"))).singleElement()
                .satisfies(alert -> assertThat(alert).containsEntry("state", "RESOLVED")
                        .containsEntry("reopenCount", 0));

        TestEvents.send(TestEvents.trailStopped(account, trail, t0.plusSeconds(20)));
        Map<String, Object> reopened = alertsOf(account, list -> list.stream().anyMatch(
                alert -> id.equals(alert.get("id")) && "OPEN".equals(alert.get("state")))).stream()
                .filter(alert -> id.equals(alert.get("id"))).findFirst().orElseThrow();
        assertThat(reopened).containsEntry("reopenCount", 1);
        assertThat(Api.alert(id).getList("activity.kind")).containsExactly("RAISED", "RESOLVED", "REOPENED");
    }

    @Test
    void staleRaisesAlertsOnlyForHighAndCriticalControls() throws InterruptedException {
        String account = TestEvents.newAccount();
        TestEvents.send(TestEvents.status(account, GOVERN, ControlStatus.PASSED, ControlStatus.STALE, "LOW",
                List.of()));
        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.STALE, "HIGH",
                List.of()));
        List<Map<String, Object>> alerts = alertsOf(account, list -> list.size() >= 1);
        Thread.sleep(1_000);
        alerts = alertsOf(account, list -> true);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0)).containsEntry("kind", "CONTROL_STALE").containsEntry("controlId", DETECT)
                .containsEntry("fingerprint", "control:" + account + "/" + DETECT + "/*");
    }

    @Test
    void sampleFindingsAreRecordedButNeverSent() throws InterruptedException {
        String account = TestEvents.newAccount();
        String path = "sample-" + account;
        routeAccountTo(account, path);
        TestEvents.send(TestEvents.finding(account, "Recon:EC2/PortProbeUnprotectedPort", 9.5,
                "arn:aws:ec2:ap-northeast-1:" + account + ":instance/i-1", Escalation.INCIDENT, true));
        Map<String, Object> alert = alertsOf(account, list -> list.size() == 1).get(0);
        assertThat(alert).containsEntry("suppressed", true);
        assertThat((String) alert.get("suppressedReason")).contains("sample");
        Thread.sleep(1_500);
        assertThat(webhooks.received(path)).isEmpty();
    }

    @Test
    void analystsAcknowledgeCommentAssignAndResolve() {
        String account = TestEvents.newAccount();
        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "CRITICAL",
                List.of()));
        String id = (String) alertsOf(account, list -> list.size() == 1).get(0).get("id");

        as("analyst").contentType(ContentType.JSON).body(Map.of("comment", "looking"))
                .when().post("/api/v1/alerts/{id}/acknowledge", id)
                .then().statusCode(200).body("state", equalTo("ACKNOWLEDGED"))
                .body("acknowledgedBy", equalTo("analyst"));
        as("analyst").contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/alerts/{id}/acknowledge", id)
                .then().statusCode(409).contentType(Api.PROBLEM).body("status", equalTo(409));
        as("analyst").contentType(ContentType.JSON).body(Map.of("text", "trail restarted by ops"))
                .when().post("/api/v1/alerts/{id}/comments", id)
                .then().statusCode(201).body("kind", equalTo("COMMENT")).body("actor", equalTo("analyst"));
        as("admin").contentType(ContentType.JSON).body(Map.of("assignee", "yamada"))
                .when().put("/api/v1/alerts/{id}/assignee", id)
                .then().statusCode(200).body("assignee", equalTo("yamada"));
        as("analyst").contentType(ContentType.JSON).body(Map.of("comment", "fixed"))
                .when().post("/api/v1/alerts/{id}/resolve", id)
                .then().statusCode(200).body("state", equalTo("RESOLVED")).body("resolvedBy", equalTo("analyst"));
        as("analyst").contentType(ContentType.JSON).body(Map.of())
                .when().post("/api/v1/alerts/{id}/resolve", id)
                .then().statusCode(409).contentType(Api.PROBLEM);

        assertThat(Api.alert(id).getList("activity.kind"))
                .containsExactly("RAISED", "ACKNOWLEDGED", "COMMENT", "ASSIGNED", "RESOLVED");
        as("viewer").queryParam("account", account).queryParam("state", "RESOLVED").when().get("/api/v1/alerts")
                .then().statusCode(200).body("size()", equalTo(1));
    }
}
