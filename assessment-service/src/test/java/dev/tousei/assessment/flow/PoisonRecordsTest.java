package dev.tousei.assessment.flow;

import static dev.tousei.assessment.flow.AssessmentTestKafka.AUTOMATED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.events.catalog.ControlChanged;
import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.EvidenceRule.Effect;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Poison on both consumed topics. Evidence that is not JSON, has the wrong shape or no value goes to
 * {@code dlq.assessment-service.<topic>} with the reason in {@code dead-letter-reason}; the catalog copy (a compacted,
 * replicated state: nothing to dead-letter) logs and skips unusable records. Either way the next good record is applied.
 */
@QuarkusTest
@QuarkusTestResource(AssessmentTestKafka.class)
class PoisonRecordsTest {

    private static String trail(String account) {
        return "arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/after-poison";
    }

    @Test
    void poisonEvidenceIsDeadLetteredWithItsReasonAndTheNextEvidenceIsApplied() {
        String account = TestEvidence.newAccount();
        Map<String, String> poison = Map.of(
                "not-json-" + account, "{not json",
                "wrong-shape-" + account, "{\"evidence\":\"none of the fields\"}",
                "array-" + account, "[1,2,3]");
        poison.forEach(TestEvidence::sendRaw);
        TestEvidence.sendRaw("null-value-" + account, null);
        TestEvidence.send(TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail(account), Instant.now(),
                "StopLogging"));

        // the first dead letter may create the topic: a longer wait than for other records
        List<ConsumerRecord<String, String>> dead = AssessmentFlowTest.records(AssessmentTestKafka.DEAD_LETTERS,
                record -> record.key() != null && record.key().endsWith(account), 4, Duration.ofSeconds(90));
        awaitStatus(account, AUTOMATED, "FAILED");
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("not-json-" + account,
                "wrong-shape-" + account, "array-" + account, "null-value-" + account);
        assertThat(dead).allSatisfy(record -> assertThat(AssessmentFlowTest.header(record, "dead-letter-reason"))
                .as("reason of %s", record.key()).startsWith("unreadable"));
        assertThat(AssessmentFlowTest.header(dead.stream().filter(record -> record.key().startsWith("wrong-shape")).findFirst().orElseThrow(),
                "dead-letter-reason")).contains("not an evidence-recorded event");
        assertThat(dead).filteredOn(record -> !record.key().startsWith("null-value"))
                .allSatisfy(record -> assertThat(record.value()).isEqualTo(poison.get(record.key())));
    }

    @Test
    void unusableCatalogRecordsAreSkippedAndTheNextControlIsApplied() throws Exception {
        String account = TestEvidence.newAccount();
        String control = "after-poison-" + account;
        String topic = AssessmentTestKafka.CATALOG;
        TestEvidence.sendRaw(topic, "poison-not-json", "this is not JSON {");
        TestEvidence.sendRaw(topic, "poison-wrong-shape", "[1,2,3]");
        TestEvidence.sendRaw(topic, "poison-no-value", null);
        ObjectNode noKind = AssessmentTestKafka.JSON.valueToTree(changed("poison-no-kind-" + account));
        ((ObjectNode) noKind.get("control")).putNull("kind");
        TestEvidence.sendRaw(topic, "poison-no-kind-" + account, noKind.toString());
        TestEvidence.sendRaw(topic, control, AssessmentTestKafka.JSON.writeValueAsString(changed(control)));
        // evidence and catalog are separate topics: evidence for a control not yet copied would change nothing
        await().atMost(Duration.ofSeconds(60)).until(() -> controlCopied(control));

        TestEvidence.send(TestEvidence.effect(account, control, Effect.FAIL, trail(account), Instant.now(),
                "StopLogging"));
        awaitStatus(account, control, "FAILED");
    }

    /** The token is fetched once and the wait is long: on a loaded two-core machine each poll can take seconds. */
    private static void awaitStatus(String account, String control, String expected) {
        String token = AssessmentFlowTest.token("viewer");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                given().auth().oauth2(token).queryParam("account", account).queryParam("control", control)
                        .when().get("/api/v1/statuses")
                        .then().statusCode(200).body("size()", equalTo(1)).body("[0].status", equalTo(expected)));
    }

    private static boolean controlCopied(String id) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
             PreparedStatement query = connection.prepareStatement("select 1 from control_definition where id = ?")) {
            query.setString(1, id);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }

    private static ControlChanged changed(String id) {
        return new ControlChanged(UUID.randomUUID(), id, ControlChanged.ChangeKind.CREATED, 1, Instant.now(), "test",
                AssessmentTestKafka.control(id, "aws-wa-security", AssessmentMode.AUTOMATED, "PT24H"));
    }
}
