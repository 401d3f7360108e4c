package dev.tousei.evidence.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.evidence.messaging.DeadLetterPublisher;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.keycloak.client.KeycloakTestClient;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** AWS events on the inbound topic become evidence, dead letters, or nothing new (duplicates): never lost. */
@QuarkusTest
@QuarkusTestResource(TestKafka.class)
class EvidencePipelineTest {

    private static final KeycloakTestClient KEYCLOAK = new KeycloakTestClient();
    private static final String RECORDED_EVENT_TYPE = "evidence.evidence-recorded.v1";

    @Inject
    Pool pool;

    static String viewer() {
        return KEYCLOAK.getAccessToken("viewer", "viewer-password", "tousei-cli", null);
    }

    private static void send(ObjectNode envelope) {
        TestTopics.send(TestKafka.INPUT, envelope.get("account").asText(), envelope.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static JsonPath evidenceOf(String account, int expected) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                () -> given().auth().oauth2(viewer()).queryParam("accountId", account)
                        .when().get("/api/v1/evidence").then().statusCode(200).extract().jsonPath(),
                page -> page.getList("items").size() >= expected);
    }

    @Test
    void stopLoggingFailsSec41OnTheTrailAndIsAnnounced() {
        String account = Envelopes.newAccount();
        send(Envelopes.stopLogging(account, "org-trail"));

        JsonPath page = evidenceOf(account, 1);
        String trail = "arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/org-trail";
        assertThat(page.getString("items[0].summary.operation")).isEqualTo("StopLogging");
        assertThat(page.getInt("items[0].summary.classUid")).isEqualTo(6003);
        assertThat(page.getList("items[0].effects.findAll { it.controlId == 'sec04-bp01' }.effect"))
                .containsExactly("FAIL");
        assertThat(page.getList("items[0].effects.findAll { it.controlId == 'sec04-bp01' }.resourceId"))
                .containsExactly(trail);
        assertThat(page.getList("items[0].effects.controlId")).contains("sec04-bp02");

        String evidenceId = page.getString("items[0].id");
        List<ConsumerRecord<String, byte[]>> announced = TestTopics.read(TestKafka.RECORDED,
                record -> account.equals(record.key()), 1, Duration.ofSeconds(20));
        assertThat(announced).hasSize(1);
        assertThat(new String(announced.get(0).value(), StandardCharsets.UTF_8)).contains(evidenceId);
        assertThat(TestTopics.header(announced.get(0), "event-type")).isEqualTo(RECORDED_EVENT_TYPE);
    }

    @Test
    void aFailedTamperAttemptAlertsButChangesNothing() {
        String account = Envelopes.newAccount();
        ObjectNode denied = Envelopes.cloudTrailCall(account, "cloudtrail.amazonaws.com", "StopLogging",
                Envelopes.JSON.createObjectNode().put("name", "org-trail"), "AccessDenied");
        send(denied);

        JsonPath page = evidenceOf(account, 1);
        assertThat(page.getList("items[0].effects.findAll { it.controlId == 'sec04-bp01' }.effect"))
                .containsExactly("INFO");
        assertThat(page.getList("items[0].effects.findAll { it.controlId == 'sec04-bp01' }.escalation"))
                .containsExactly("ALERT");
        assertThat(page.getString("items[0].summary.outcome")).isEqualTo("FAILURE");
    }

    @Test
    void redeliveryOfTheSameEventChangesNothing() throws InterruptedException {
        String account = Envelopes.newAccount();
        ObjectNode envelope = Envelopes.stopLogging(account, "org-trail");
        send(envelope);
        send(envelope);
        // the same CloudTrail event in a second envelope (EventBridge and the S3 log file) is the same evidence
        ObjectNode sameCloudTrailEvent = envelope.deepCopy();
        sameCloudTrailEvent.put("id", java.util.UUID.randomUUID().toString());
        send(sameCloudTrailEvent);
        send(Envelopes.startLogging(account, "arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/org-trail"));

        JsonPath page = evidenceOf(account, 2);
        Thread.sleep(2_000); // time for a wrongly stored duplicate to show up
        JsonPath settled = given().auth().oauth2(viewer()).queryParam("accountId", account)
                .when().get("/api/v1/evidence").then().statusCode(200).extract().jsonPath();
        assertThat(settled.getList("items")).hasSize(2);
        assertThat(settled.getList("items.summary.operation")).containsExactlyInAnyOrder("StopLogging", "StartLogging");
        assertThat(page.getList("items.sequence")).doesNotHaveDuplicates();
    }

    @Test
    void malformedAndOversizeRecordsAreDeadLetteredWithTheirReasonAndConsumptionGoesOn() {
        String account = Envelopes.newAccount();
        String key = "poison-" + account;
        TestTopics.send(TestKafka.INPUT, key, "{not json".getBytes(StandardCharsets.UTF_8));
        TestTopics.send(TestKafka.INPUT, key, new byte[] {(byte) 0xC3, (byte) 0x28, '{', '}'});
        ObjectNode badAccount = Envelopes.stopLogging(account, "t");
        badAccount.put("account", "12345");
        TestTopics.send(TestKafka.INPUT, key, badAccount.toString().getBytes(StandardCharsets.UTF_8));
        ObjectNode huge = Envelopes.stopLogging(account, "t");
        ((ObjectNode) huge.get("detail")).put("padding", "x".repeat(300 * 1024));
        TestTopics.send(TestKafka.INPUT, key, huge.toString().getBytes(StandardCharsets.UTF_8));
        // valid JSON and UTF-8, but PostgreSQL's jsonb cannot hold a NUL character
        ObjectNode nul = Envelopes.stopLogging(account, "t");
        ((ObjectNode) nul.get("detail")).put("eventName", "Stop\u0000Logging");
        TestTopics.send(TestKafka.INPUT, account, nul.toString().getBytes(StandardCharsets.UTF_8));
        send(Envelopes.stopLogging(account, "after-the-poison"));

        List<ConsumerRecord<String, byte[]>> dead = TestTopics.read(TestKafka.DEAD_LETTERS,
                record -> key.equals(record.key()) || account.equals(record.key()), 5, Duration.ofSeconds(30));
        assertThat(dead).extracting(record -> TestTopics.header(record, DeadLetterPublisher.REASON))
                // two keys, possibly two partitions: no order across them
                .containsExactlyInAnyOrder("MALFORMED_JSON", "INVALID_ENCODING", "INVALID_ACCOUNT", "OVERSIZE",
                        "STORAGE_REJECTED");
        assertThat(dead).allSatisfy(record -> {
            assertThat(TestTopics.header(record, "dead-letter-topic")).isEqualTo(TestKafka.INPUT);
            assertThat(TestTopics.header(record, DeadLetterPublisher.DETAIL)).isNotBlank();
        });
        assertThat(evidenceOf(account, 1).getString("items[0].summary.operation")).isEqualTo("StopLogging");
    }

    @Test
    void sampleFindingsNeverEscalateWhileRealHighFindingsOpenIncidents() {
        String account = Envelopes.newAccount();
        send(Envelopes.guardDutyFinding(account, 8.0, false));
        send(Envelopes.guardDutyFinding(account, 8.0, true));

        JsonPath page = evidenceOf(account, 2);
        List<JsonNode> items = readItems(page);
        JsonNode real = items.stream().filter(item -> !item.at("/summary/sample").asBoolean()).findFirst().orElseThrow();
        JsonNode sample = items.stream().filter(item -> item.at("/summary/sample").asBoolean()).findFirst().orElseThrow();
        assertThat(real.at("/summary/classUid").asInt()).isEqualTo(2004);
        assertThat(real.get("effects").findValuesAsText("escalation")).contains("INCIDENT");
        assertThat(sample.get("effects").findValuesAsText("escalation")).containsOnly("NONE");
    }

    @Test
    void chainVerifiesUntilARowIsEditedInTheDatabase() {
        String account = Envelopes.newAccount();
        for (int i = 0; i < 3; i++) {
            send(Envelopes.stopLogging(account, "trail-" + i));
        }
        evidenceOf(account, 3);
        given().auth().oauth2(viewer())
                .when().get("/api/v1/chains/{account}/verification", account)
                .then().statusCode(200)
                .body("intact", equalTo(true))
                .body("verified", equalTo(3))
                .body("headSequence", equalTo(3));

        String tamperedId = pool.preparedQuery("""
                        update evidence set summary = jsonb_set(summary, '{operation}', '"StartLogging"')
                        where account_id = $1 and sequence = 2 returning id""")
                .execute(Tuple.of(account)).await().indefinitely().iterator().next().getUUID(0).toString();

        given().auth().oauth2(viewer())
                .when().get("/api/v1/chains/{account}/verification", account)
                .then().statusCode(200)
                .body("intact", equalTo(false))
                .body("verified", equalTo(1))
                .body("firstBroken.sequence", equalTo(2))
                .body("firstBroken.evidenceId", equalTo(tamperedId));
    }

    @Test
    void oneEvidenceComesWithItsRawEvent() {
        String account = Envelopes.newAccount();
        ObjectNode envelope = Envelopes.stopLogging(account, "org-trail");
        send(envelope);
        String id = evidenceOf(account, 1).getString("items[0].id");

        given().auth().oauth2(viewer())
                .when().get("/api/v1/evidence/{id}", id)
                .then().statusCode(200)
                .body("raw.id", equalTo(envelope.get("id").asText()))
                .body("raw.detail.eventName", equalTo("StopLogging"))
                .body("effects.controlId", hasItem("sec04-bp01"));
    }

    private static List<JsonNode> readItems(JsonPath page) {
        try {
            JsonNode tree = Envelopes.JSON.readTree(page.prettify());
            List<JsonNode> items = new java.util.ArrayList<>();
            tree.get("items").forEach(items::add);
            return items;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
