package dev.tousei.assessment.flow;

import static dev.tousei.assessment.flow.AssessmentTestKafka.AUTOMATED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tousei.events.catalog.EvidenceRule.Effect;
import dev.tousei.events.evidence.EvidenceRecorded;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Evidence consumed in batches keeps per-evidence meaning: every transition, and dead letters one by one. */
@QuarkusTest
@QuarkusTestResource(AssessmentTestKafka.class)
class BatchedEvidenceTest {

    @Test
    void aTrailStoppedAndStartedInOneBatchLeavesBothTransitions() {
        String account = TestEvidence.newAccount();
        String trail = trail(account, "flip");
        Instant t0 = Instant.now().minusSeconds(60);
        TestEvidence.sendTogether(account, List.of(
                TestEvidence.json(TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail, t0, "StopLogging")),
                TestEvidence.json(TestEvidence.effect(account, AUTOMATED, Effect.PASS, trail, t0.plusSeconds(1),
                        "StartLogging"))));

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                () -> history(account).getList("status"), statuses -> statuses.size() == 2);
        assertThat(history(account).getList("status", String.class)).containsExactly("PASSED", "FAILED");
    }

    @Test
    void unreadableAndUnapplicableRecordsAreDeadLetteredAloneAndTheRestOfTheBatchApplies() {
        String account = TestEvidence.newAccount();
        Instant t0 = Instant.now().minusSeconds(60);
        EvidenceRecorded good = TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail(account, "a"), t0,
                "StopLogging");
        EvidenceRecorded timeless = TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail(account, "b"), null,
                "StopLogging");
        EvidenceRecorded unapplicable = new EvidenceRecorded(timeless.evidenceId(), account, timeless.sequence(),
                timeless.hash(), timeless.sourceEventId(), timeless.detailType(), timeless.source(), timeless.region(),
                null, null, timeless.summary(), timeless.effects());
        EvidenceRecorded alsoGood = TestEvidence.effect(account, AUTOMATED, Effect.FAIL, trail(account, "c"),
                t0.plusSeconds(1), "StopLogging");
        TestEvidence.sendTogether(account, List.of(TestEvidence.json(good), "{not json",
                TestEvidence.json(unapplicable), TestEvidence.json(alsoGood)));

        JsonPath status = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                () -> given().auth().oauth2(AssessmentFlowTest.token("viewer")).queryParam("account", account)
                        .queryParam("control", AUTOMATED).when().get("/api/v1/statuses")
                        .then().statusCode(200).extract().jsonPath(),
                page -> page.getList("$").size() == 1
                        && page.getList("[0].failedResources").size() == 2);
        assertThat(status.getList("[0].failedResources", String.class))
                .containsExactlyInAnyOrder(trail(account, "a"), trail(account, "c"));

        List<ConsumerRecord<String, String>> letters = AssessmentFlowTest.recordsFor(AssessmentTestKafka.DEAD_LETTERS, account, 2);
        assertThat(letters).extracting(letter -> AssessmentFlowTest.header(letter, "dead-letter-reason"))
                .satisfiesExactly(reason -> assertThat(reason).startsWith("unreadable"),
                        reason -> assertThat(reason).startsWith("not applicable"));
        assertThat(letters.get(0).value()).isEqualTo("{not json");
        assertThat(letters.get(1).value()).contains(unapplicable.evidenceId().toString());
        assertThat(AssessmentFlowTest.header(letters.get(1), "dead-letter-topic")).isEqualTo(AssessmentTestKafka.EVIDENCE);
        assertThat(AssessmentFlowTest.header(letters.get(1), "dead-letter-offset")).matches("\\d+");
    }

    private static JsonPath history(String account) {
        return given().auth().oauth2(AssessmentFlowTest.token("viewer"))
                .when().get("/api/v1/controls/{c}/accounts/{a}/history", AUTOMATED, account)
                .then().statusCode(200).extract().jsonPath();
    }

    private static String trail(String account, String name) {
        return "arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/" + name;
    }
}
