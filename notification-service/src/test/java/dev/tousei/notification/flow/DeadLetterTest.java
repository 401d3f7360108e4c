package dev.tousei.notification.flow;

import static dev.tousei.notification.flow.Api.alertsOf;
import static dev.tousei.notification.flow.NotificationTestResources.DETECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.catalog.ControlSnapshot.Severity;
import dev.tousei.notification.messaging.CatalogCopy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** Poison records go to the consumer's dead-letter topic with the reason, and consumption goes on. */
@QuarkusTest
@QuarkusTestResource(NotificationTestResources.class)
class DeadLetterTest {

    @Inject
    CatalogCopy catalog;

    @Test
    void poisonRecordsAreDeadLetteredAndTheNextEventsStillRaiseAlerts() {
        String account = TestEvents.newAccount();
        String notJson = "poison-" + account;
        String noIds = "no-ids-" + account;
        String badEvidence = "bad-evidence-" + account;
        TestEvents.send(NotificationTestResources.STATUS, notJson, "this is not JSON {");
        TestEvents.send(NotificationTestResources.STATUS, noIds, "{\"status\":\"FAILED\"}");
        String nullStatus = "null-status-" + account;
        String notJsonEvidence = "not-json-evidence-" + account;
        String nullEvidence = "null-evidence-" + account;
        TestEvents.send(NotificationTestResources.STATUS, nullStatus, null);
        TestEvents.send(NotificationTestResources.EVIDENCE, badEvidence, "[1,2,3]");
        TestEvents.send(NotificationTestResources.EVIDENCE, notJsonEvidence, "<evidence/>");
        TestEvents.send(NotificationTestResources.EVIDENCE, nullEvidence, null);
        TestEvents.send(TestEvents.status(account, DETECT, ControlStatus.PASSED, ControlStatus.FAILED, "HIGH",
                List.of()));
        alertsOf(account, list -> list.size() == 1);

        List<ConsumerRecord<String, String>> dead = TestEvents.read(NotificationTestResources.STATUS_DLQ,
                r -> r.key() != null && r.key().endsWith(account), 3, Duration.ofSeconds(30));
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(notJson, noIds, nullStatus);
        assertThat(dead).filteredOn(r -> r.key().equals(nullStatus)).singleElement()
                .satisfies(r -> assertThat(TestEvents.header(r, "dead-letter-reason")).contains("empty record"));
        ConsumerRecord<String, String> poison = dead.stream().filter(r -> r.key().equals(notJson)).findFirst()
                .orElseThrow();
        assertThat(poison.value()).isEqualTo("this is not JSON {");
        assertThat(TestEvents.header(poison, "dead-letter-reason")).contains("not a ControlStatusChanged");
        ConsumerRecord<String, String> missing = dead.stream().filter(r -> r.key().equals(noIds)).findFirst()
                .orElseThrow();
        assertThat(TestEvents.header(missing, "dead-letter-reason")).contains("needs eventId");

        List<ConsumerRecord<String, String>> deadEvidence = TestEvents.read(NotificationTestResources.EVIDENCE_DLQ,
                r -> r.key() != null && r.key().endsWith(account), 3, Duration.ofSeconds(30));
        assertThat(deadEvidence).extracting(ConsumerRecord::key)
                .containsExactlyInAnyOrder(badEvidence, notJsonEvidence, nullEvidence);
        assertThat(deadEvidence).filteredOn(r -> r.key().equals(badEvidence)).singleElement().satisfies(r -> {
            assertThat(r.value()).isEqualTo("[1,2,3]");
            assertThat(TestEvents.header(r, "dead-letter-reason")).contains("not a EvidenceRecorded");
        });
        assertThat(deadEvidence).filteredOn(r -> r.key().equals(notJsonEvidence)).singleElement()
                .satisfies(r -> assertThat(TestEvents.header(r, "dead-letter-reason")).contains("not a EvidenceRecorded"));
        assertThat(deadEvidence).filteredOn(r -> r.key().equals(nullEvidence)).singleElement()
                .satisfies(r -> assertThat(TestEvents.header(r, "dead-letter-reason")).contains("empty record"));
    }

    /**
     * The catalog copy is a replicated state read from a compacted topic, not a stream of work: an unusable record is
     * logged and skipped (the next good record for its key supersedes it), and the records after it still apply.
     */
    @Test
    void unusableCatalogRecordsAreSkippedAndTheNextControlIsApplied() {
        String id = "after-poison-" + TestEvents.newAccount();
        TestEvents.send(NotificationTestResources.CATALOG, "poison-not-json", "this is not JSON {");
        TestEvents.send(NotificationTestResources.CATALOG, "poison-wrong-shape", "[1,2,3]");
        TestEvents.send(NotificationTestResources.CATALOG, "poison-no-ids", "{\"control\":{\"titleEn\":\"x\"}}");
        TestEvents.send(NotificationTestResources.CATALOG, "poison-no-value", null);
        TestEvents.publishCatalog(List.of(NotificationTestResources.control(id, "AFTER", "aws-wa-security",
                Severity.HIGH)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(catalog.control(id))
                .isNotNull().satisfies(control -> assertThat(control.displayId()).isEqualTo("AFTER")));
    }
}
