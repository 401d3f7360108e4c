package dev.tousei.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** An admin's change goes through optimistic locking, the audit trail, the revision history and Kafka. */
@QuarkusTest
class ControlLifecycleTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String EVENT_TYPE = "catalog.control-changed.v1";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "mp.messaging.outgoing.control-changed.topic")
    String topic;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void createUpdateAndDeleteAreVersionedAuditedRevisionedAndPublished() throws Exception {
        String id = TestControls.newId();
        try (KafkaConsumer<String, String> consumer = consumerAtEndOfTopic()) {
            int createdRevision = given().auth().oauth2(Tokens.of("admin"))
                    .contentType(ContentType.JSON).body(TestControls.requirement(id, "Original title"))
                    .when().post("/api/v1/controls")
                    .then().statusCode(201)
                    .header("Location", org.hamcrest.Matchers.endsWith("/api/v1/controls/" + id))
                    .body("version", equalTo(0))
                    .extract().path("version");
            int revisionAfterCreate = currentRevision();

            given().auth().oauth2(Tokens.of("viewer"))
                    .when().get("/api/v1/controls/{alias}", "alias-" + id)
                    .then().statusCode(200).body("id", equalTo(id));

            given().auth().oauth2(Tokens.of("admin"))
                    .contentType(ContentType.JSON)
                    .body(TestControls.with(TestControls.with(TestControls.requirement(id, "Revised title"),
                            "version", createdRevision), "id", null))
                    .when().put("/api/v1/controls/{id}", id)
                    .then().statusCode(200)
                    .body("version", equalTo(1))
                    .body("titleEn", equalTo("Revised title"));

            // an admin who still holds version 0 must not overwrite the revision above
            given().auth().oauth2(Tokens.of("admin"))
                    .contentType(ContentType.JSON)
                    .body(TestControls.with(TestControls.requirement(id, "Lost update"), "version", 0))
                    .when().put("/api/v1/controls/{id}", id)
                    .then().statusCode(409)
                    .contentType(PROBLEM)
                    .body("status", equalTo(409));

            given().auth().oauth2(Tokens.of("viewer"))
                    .queryParam("controlId", id)
                    .when().get("/api/v1/audit")
                    .then().statusCode(200)
                    .body("[0].action", equalTo("UPDATED"))
                    .body("[0].actor", equalTo("admin"))
                    .body("[0].before.document.titleEn", equalTo("Original title"))
                    .body("[0].after.document.titleEn", equalTo("Revised title"))
                    .body("[0].after.version", equalTo(1))
                    .body("[1].action", equalTo("CREATED"));

            given().auth().oauth2(Tokens.of("viewer"))
                    .when().get("/api/v1/revisions/{n}/controls/{id}", revisionAfterCreate, id)
                    .then().statusCode(200)
                    .body("titleEn", equalTo("Original title"))
                    .body("version", equalTo(0));
            given().auth().oauth2(Tokens.of("viewer"))
                    .when().get("/api/v1/revisions/{n}/controls/{id}", revisionAfterCreate - 1, id)
                    .then().statusCode(404).contentType(PROBLEM);
            given().auth().oauth2(Tokens.of("viewer"))
                    .when().get("/api/v1/revisions/{n}", revisionAfterCreate + 1)
                    .then().statusCode(200)
                    .body("revision.actor", equalTo("admin"))
                    .body("changes.controlId", hasItem(id));

            given().auth().oauth2(Tokens.of("admin"))
                    .queryParam("version", 0)
                    .when().delete("/api/v1/controls/{id}", id)
                    .then().statusCode(409).contentType(PROBLEM);
            given().auth().oauth2(Tokens.of("admin"))
                    .queryParam("version", 1)
                    .when().delete("/api/v1/controls/{id}", id)
                    .then().statusCode(204);
            given().auth().oauth2(Tokens.of("viewer"))
                    .when().get("/api/v1/controls/{id}", id)
                    .then().statusCode(404);

            List<JsonNode> events = eventsFor(consumer, id, 3);
            assertThat(events).extracting(event -> event.get("change").asText())
                    .containsExactly("CREATED", "UPDATED", "DELETED");
            assertThat(events.get(1).get("control").get("titleEn").asText()).isEqualTo("Revised title");
            assertThat(events.get(1).get("catalogRevision").asInt()).isEqualTo(revisionAfterCreate + 1);
            assertThat(events.get(1).get("changedBy").asText()).isEqualTo("admin");
            assertThat(events.get(2).get("control").isNull()).isTrue();
        }
    }

    @Test
    void wholeCatalogCanBeReadAtThePastRevision() {
        int before = currentRevision();
        String id = TestControls.newId();
        given().auth().oauth2(Tokens.of("admin"))
                .contentType(ContentType.JSON).body(TestControls.requirement(id, "Later addition"))
                .when().post("/api/v1/controls")
                .then().statusCode(201);

        List<String> idsThen = given().auth().oauth2(Tokens.of("viewer"))
                .when().get("/api/v1/revisions/{n}/controls", before)
                .then().statusCode(200).extract().path("id");
        List<String> idsNow = given().auth().oauth2(Tokens.of("viewer"))
                .when().get("/api/v1/revisions/{n}/controls", before + 1)
                .then().statusCode(200).extract().path("id");

        assertThat(idsThen).contains("sec04-bp01", "fisc-t1").doesNotContain(id);
        assertThat(idsNow).contains(id).hasSize(idsThen.size() + 1);
    }

    @Test
    void evidenceRulesAreReplacedWithTheControlsVersion() {
        String id = TestControls.newId();
        given().auth().oauth2(Tokens.of("admin"))
                .contentType(ContentType.JSON).body(TestControls.requirement(id, "With rules"))
                .when().post("/api/v1/controls")
                .then().statusCode(201);
        Map<String, Object> rule = Map.of("id", "stop-logging", "description", "CloudTrail logging stopped",
                "eventPattern", "{\"source\":[\"aws.cloudtrail\"],\"detail\":{\"eventName\":[\"StopLogging\"]}}",
                "effect", "FAIL", "scope", "RESOURCE", "escalation", "ALERT");

        given().auth().oauth2(Tokens.of("admin"))
                .contentType(ContentType.JSON).body(Map.of("version", 0, "rules", List.of(rule)))
                .when().put("/api/v1/controls/{id}/evidence-rules", id)
                .then().statusCode(200)
                .body("version", equalTo(1))
                .body("rules[0].effect", equalTo("FAIL"));
        given().auth().oauth2(Tokens.of("viewer"))
                .when().get("/api/v1/controls/{id}/evidence-rules", id)
                .then().statusCode(200)
                .body("rules[0].id", equalTo("stop-logging"));
        given().auth().oauth2(Tokens.of("admin"))
                .contentType(ContentType.JSON).body(Map.of("version", 0, "rules", List.of()))
                .when().put("/api/v1/controls/{id}/evidence-rules", id)
                .then().statusCode(409).contentType(PROBLEM);
    }

    @Test
    void takenIdOrAliasIsAConflict() {
        given().auth().oauth2(Tokens.of("admin"))
                .contentType(ContentType.JSON)
                .body(TestControls.with(TestControls.requirement("sec04-bp01", "dup"), "aliases", List.of()))
                .when().post("/api/v1/controls")
                .then().statusCode(409).contentType(PROBLEM);

        given().auth().oauth2(Tokens.of("admin"))
                .contentType(ContentType.JSON)
                .body(TestControls.with(TestControls.requirement(TestControls.newId(), "dup"), "aliases",
                        List.of("SEC04-BP01")))
                .when().post("/api/v1/controls")
                .then().statusCode(409).contentType(PROBLEM)
                .body("detail", org.hamcrest.Matchers.containsString("sec04-bp01"));
    }

    private static int currentRevision() {
        return given().auth().oauth2(Tokens.of("viewer"))
                .when().get("/api/v1/revisions")
                .then().statusCode(200).extract().path("current");
    }

    private KafkaConsumer<String, String> consumerAtEndOfTopic() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        awaitTopic(consumer).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    /** The seed import at start publishes to the topic, so it exists by the time a test runs. */
    private List<org.apache.kafka.common.PartitionInfo> awaitTopic(KafkaConsumer<String, String> consumer) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (partitions != null && !partitions.isEmpty()) {
                return partitions;
            }
        }
        throw new AssertionError("topic " + topic + " never appeared");
    }

    private List<JsonNode> eventsFor(KafkaConsumer<String, String> consumer, String key, int expected)
            throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 20_000;
        while (events.size() < expected && System.currentTimeMillis() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                if (key.equals(record.key())) {
                    assertThat(new String(record.headers().lastHeader("event-type").value()))
                            .isEqualTo(EVENT_TYPE);
                    events.add(json.readTree(record.value()));
                }
            }
        }
        return events;
    }
}
