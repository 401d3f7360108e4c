package dev.tousei.assessment.flow;

import static dev.tousei.assessment.flow.AssessmentTestKafka.ATTESTED;
import static dev.tousei.assessment.flow.AssessmentTestKafka.AUTOMATED;
import static dev.tousei.assessment.flow.AssessmentTestKafka.BOTH;
import static dev.tousei.assessment.flow.AssessmentTestKafka.FAST_STALE;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.tousei.events.catalog.EvidenceRule.Effect;
import dev.tousei.events.evidence.EvidenceRecorded;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.keycloak.client.KeycloakTestClient;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

/** Evidence and attestations in, statuses with reasons, history and CloudEvents out. */
@QuarkusTest
@QuarkusTestResource(AssessmentTestKafka.class)
class AssessmentFlowTest {

    private static final KeycloakTestClient KEYCLOAK = new KeycloakTestClient();
    private static final String PROBLEM = "application/problem+json";

    static String token(String user) {
        return KEYCLOAK.getAccessToken(user, user + "-password", "tousei-cli", null);
    }

    private static JsonPath statusOf(String account, String control, String expected) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                () -> given().auth().oauth2(token("viewer")).queryParam("account", account)
                        .queryParam("control", control)
                        .when().get("/api/v1/statuses").then().statusCode(200).extract().jsonPath(),
                page -> page.getList("$").size() == 1 && expected.equals(page.getString("[0].status")));
    }

    private static String trail(String account, String name) {
        return "arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/" + name;
    }

    @Test
    void laterEvidenceForTheSameTrailSupersedesAndEveryChangeIsACloudEvent() {
        String account = TestEvidence.newAccount();
        Instant t0 = Instant.now().minusSeconds(60);
        EvidenceRecorded stop = TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail(account, "org"), t0,
                "StopLogging");
        TestEvidence.send(stop);
        JsonPath failed = statusOf(account, AUTOMATED, "FAILED");
        assertThat(failed.getList("[0].failedResources")).containsExactly(trail(account, "org"));
        assertThat(failed.getList("[0].evidenceIds")).containsExactly(stop.evidenceId().toString());
        assertThat(failed.getString("[0].reason")).contains("org");

        TestEvidence.send(TestEvidence.effect(account, AUTOMATED, Effect.PASS, trail(account, "org"), t0.plusSeconds(30),
                "StartLogging"));
        statusOf(account, AUTOMATED, "PASSED");

        List<ConsumerRecord<String, String>> events = statusEvents(account + "/" + AUTOMATED, 2);
        assertThat(events).hasSize(2);
        ConsumerRecord<String, String> first = events.get(0);
        assertThat(header(first, "ce_type")).isEqualTo("assessment.control-status-changed.v1");
        assertThat(header(first, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(first, "ce_source")).isNotBlank();
        assertThat(header(first, "ce_id")).isNotBlank();
        assertThat(header(first, "ce_subject")).isEqualTo(account + "/" + AUTOMATED);
        assertThat(first.value()).contains("\"status\":\"FAILED\"");
        assertThat(events.get(1).value()).contains("\"previousStatus\":\"FAILED\"").contains("\"status\":\"PASSED\"");
        // when what changed the status happened: the AWS event time of its evidence, not when it was assessed
        assertThat(events).extracting(AssessmentFlowTest::observedAt)
                .containsExactly(t0, t0.plusSeconds(30));

        given().auth().oauth2(token("viewer"))
                .when().get("/api/v1/controls/{c}/accounts/{a}/history", AUTOMATED, account)
                .then().statusCode(200)
                .body("status", equalTo(List.of("PASSED", "FAILED")));
    }

    @Test
    void theStatusCloudEventContinuesTheTraceOfItsEvidence() {
        String account = TestEvidence.newAccount();
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        TestEvidence.sendTraced(TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail(account, "traced"),
                Instant.now(), "StopLogging"), "00-" + traceId + "-00f067aa0ba902b7-00");

        ConsumerRecord<String, String> event = statusEvents(account + "/" + AUTOMATED, 1).get(0);
        // the distributed-tracing extension: where the status changed (the consumer span of the evidence record)
        assertThat(header(event, "ce_traceparent")).matches("00-" + traceId + "-[0-9a-f]{16}-00")
                .doesNotContain("00f067aa0ba902b7");
        // the record's own trace context: the producer span, in the same trace
        assertThat(header(event, "traceparent")).startsWith("00-" + traceId + "-")
                .isNotEqualTo(header(event, "ce_traceparent"));
    }

    @Test
    void metricsCountAppliedEvidenceAndStatusesOpenly() {
        double appliedBefore = metric("assessment_evidence_applied_total{status_changed=\"true\"}");
        String account = TestEvidence.newAccount();
        TestEvidence.send(TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail(account, "metrics"),
                Instant.now().minusSeconds(10), "StopLogging"));
        statusOf(account, AUTOMATED, "FAILED");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(metric("assessment_evidence_applied_total{status_changed=\"true\"}"))
                    .isGreaterThan(appliedBefore);
            assertThat(metric("assessment_control_statuses{status=\"FAILED\"}")).isGreaterThanOrEqualTo(1);
        });
        assertThat(metric("assessment_evidence_processing_seconds_count")).isGreaterThan(0);
    }

    /** One sample from /q/metrics (no token needed), e.g. {@code name{tag="value"}}; 0 when absent. */
    private static double metric(String series) {
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        String label = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
        String body = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(0);
    }

    @Test
    void anAccountIsFailedWhileAnyOfItsTrailsIs() {
        String account = TestEvidence.newAccount();
        Instant t0 = Instant.now().minusSeconds(60);
        TestEvidence.send(TestEvidence.effect(account, AUTOMATED, Effect.PASS, trail(account, "a"), t0, "StartLogging"));
        TestEvidence.send(TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail(account, "b"), t0, "StopLogging"));

        JsonPath status = statusOf(account, AUTOMATED, "FAILED");
        assertThat(status.getList("[0].failedResources")).containsExactly(trail(account, "b"));

        TestEvidence.send(TestEvidence.effect(account, AUTOMATED, Effect.PASS, trail(account, "b"), t0.plusSeconds(5),
                "StartLogging"));
        statusOf(account, AUTOMATED, "PASSED");
    }

    @Test
    void redeliveredEvidenceChangesNothing() throws InterruptedException {
        String account = TestEvidence.newAccount();
        EvidenceRecorded stop = TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail(account, "x"),
                Instant.now().minusSeconds(10), "StopLogging");
        TestEvidence.send(stop);
        statusOf(account, AUTOMATED, "FAILED");
        TestEvidence.send(TestEvidence.effect(account, AUTOMATED, Effect.PASS, trail(account, "x"),
                Instant.now().minusSeconds(5), "StartLogging"));
        statusOf(account, AUTOMATED, "PASSED");

        TestEvidence.send(stop); // the old FAIL again: already applied, and older than the PASS anyway
        Thread.sleep(1_500);

        statusOf(account, AUTOMATED, "PASSED");
        given().auth().oauth2(token("viewer"))
                .when().get("/api/v1/controls/{c}/accounts/{a}/history", AUTOMATED, account)
                .then().statusCode(200).body("size()", equalTo(2));
    }

    @Test
    void evidenceGoesStaleOnTimeWithoutAnyNewEvent() {
        String account = TestEvidence.newAccount();
        TestEvidence.send(TestEvidence.effect(account, FAST_STALE, Effect.PASS, null, Instant.now(), "StartLogging"));
        statusOf(account, FAST_STALE, "PASSED");

        JsonPath stale = statusOf(account, FAST_STALE, "STALE");
        assertThat(stale.getString("[0].reason")).isNotBlank();
    }

    @Test
    void anAttestationPassesAGovernanceControlUntilItExpires() {
        String account = TestEvidence.newAccount();
        Instant now = Instant.now();
        String attachment = Base64.getEncoder().encodeToString("議事録".getBytes(StandardCharsets.UTF_8));
        String id = given().auth().oauth2(token("auditor")).contentType(ContentType.JSON)
                .body(Map.of("controlId", ATTESTED, "accountId", account,
                        "statement", "IT governance policy approved by the board on 2026-10-01",
                        "attestedAt", now.minusSeconds(60).toString(), "expiresAt", now.plusSeconds(10).toString(),
                        "attachments", List.of(Map.of("fileName", "minutes.txt", "mediaType", "text/plain",
                                "contentBase64", attachment))))
                .when().post("/api/v1/attestations")
                .then().statusCode(201)
                .body("auditor", equalTo("auditor"))
                .body("attachments[0].sha256", equalTo(sha256("議事録")))
                .extract().path("id");

        JsonPath passed = statusOf(account, ATTESTED, "PASSED");
        assertThat(passed.getList("[0].attestationIds")).containsExactly(id);
        statusOf(account, ATTESTED, "STALE");
    }

    @Test
    void theStateAsOfAPastInstantIsWhatItWasThen() throws InterruptedException {
        String account = TestEvidence.newAccount();
        TestEvidence.send(TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail(account, "t"),
                Instant.now().minusSeconds(30), "StopLogging"));
        statusOf(account, AUTOMATED, "FAILED");
        Thread.sleep(300);
        Instant between = Instant.now();
        Thread.sleep(300);
        TestEvidence.send(TestEvidence.effect(account, AUTOMATED, Effect.PASS, trail(account, "t"),
                Instant.now().minusSeconds(20), "StartLogging"));
        statusOf(account, AUTOMATED, "PASSED");

        given().auth().oauth2(token("viewer")).queryParam("at", between.toString()).queryParam("account", account)
                .when().get("/api/v1/statuses/as-of")
                .then().statusCode(200)
                .body("find { it.controlId == '" + AUTOMATED + "' }.status", equalTo("FAILED"));
        given().auth().oauth2(token("viewer")).queryParam("at", Instant.now().toString()).queryParam("account", account)
                .when().get("/api/v1/statuses/as-of")
                .then().statusCode(200)
                .body("find { it.controlId == '" + AUTOMATED + "' }.status", equalTo("PASSED"));
    }

    @Test
    void notApplicableOverridesEvidenceUntilWithdrawn() {
        String account = TestEvidence.newAccount();
        TestEvidence.send(TestEvidence.effect(account, BOTH, Effect.FAIL, null, Instant.now(), "DeleteLogGroup"));
        statusOf(account, BOTH, "FAILED");

        given().auth().oauth2(token("admin")).contentType(ContentType.JSON)
                .body(Map.of("reason", "no workloads in this sandbox account"))
                .when().put("/api/v1/controls/{c}/accounts/{a}/not-applicable", BOTH, account)
                .then().statusCode(204);
        assertThat(statusOf(account, BOTH, "NOT_APPLICABLE").getString("[0].reason")).contains("sandbox");

        given().auth().oauth2(token("admin"))
                .when().delete("/api/v1/controls/{c}/accounts/{a}/not-applicable", BOTH, account)
                .then().statusCode(204);
        statusOf(account, BOTH, "FAILED");
    }

    @Test
    void unreadableEvidenceIsDeadLetteredAndConsumptionGoesOn() {
        String account = TestEvidence.newAccount();
        TestEvidence.sendRaw(account, "{not json");
        TestEvidence.send(TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail(account, "after"), Instant.now(),
                "StopLogging"));
        statusOf(account, AUTOMATED, "FAILED");
    }

    @Test
    void rolesAreChecked() {
        given().when().get("/api/v1/statuses").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(token("norole")).when().get("/api/v1/statuses").then().statusCode(403);
        Map<String, Object> attestation = Map.of("controlId", ATTESTED, "statement", "s",
                "attestedAt", Instant.now().toString(), "expiresAt", Instant.now().plusSeconds(60).toString());
        for (String user : new String[] {"viewer", "analyst", "admin"}) {
            given().auth().oauth2(token(user)).contentType(ContentType.JSON).body(attestation)
                    .when().post("/api/v1/attestations").then().statusCode(403).contentType(PROBLEM);
        }
        for (String user : new String[] {"viewer", "analyst", "auditor"}) {
            given().auth().oauth2(token(user)).contentType(ContentType.JSON).body(Map.of("reason", "r"))
                    .when().put("/api/v1/controls/{c}/accounts/{a}/not-applicable", BOTH, "111122223333")
                    .then().statusCode(403).contentType(PROBLEM);
        }
        given().auth().oauth2(token("auditor")).contentType(ContentType.JSON)
                .body(Map.of("controlId", "no-such-control", "statement", "s",
                        "attestedAt", Instant.now().toString(), "expiresAt", Instant.now().plusSeconds(60).toString()))
                .when().post("/api/v1/attestations").then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(token("auditor")).contentType(ContentType.JSON)
                .body(Map.of("controlId", ATTESTED, "statement", "s", "attestedAt", Instant.now().toString(),
                        "expiresAt", Instant.now().minusSeconds(60).toString()))
                .when().post("/api/v1/attestations").then().statusCode(422).contentType(PROBLEM);
    }

    private static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static Instant observedAt(ConsumerRecord<String, String> statusEvent) {
        try {
            return Instant.parse(AssessmentTestKafka.JSON.readTree(statusEvent.value()).get("observedAt").asText());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<ConsumerRecord<String, String>> statusEvents(String key, int expected) {
        return recordsFor(AssessmentTestKafka.STATUS, key, expected);
    }

    /** The topic's records with this key, from its start, until {@code expected} are found or 20 s have passed. */
    static List<ConsumerRecord<String, String>> recordsFor(String topic, String key, int expected) {
        return records(topic, record -> key.equals(record.key()), expected, Duration.ofSeconds(20));
    }

    /** The topic's records that match, from its start, until {@code expected} are found or the time has passed. */
    static List<ConsumerRecord<String, String>> records(String topic, Predicate<ConsumerRecord<String, String>> matching,
                                                        int expected, Duration timeout) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, AssessmentTestKafka.BOOTSTRAP);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(300)).forEach(record -> {
                    if (matching.test(record)) {
                        found.add(record);
                    }
                });
            }
        }
        return found;
    }
}
