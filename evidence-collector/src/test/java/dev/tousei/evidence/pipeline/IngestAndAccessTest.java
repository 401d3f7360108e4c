package dev.tousei.evidence.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.evidence.service.RetentionService;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.keycloak.client.KeycloakTestClient;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HTTP ingest (EventBridge API destination, CloudTrail log files), retention, and who may call what. */
@QuarkusTest
@QuarkusTestResource(TestKafka.class)
class IngestAndAccessTest {

    private static final KeycloakTestClient KEYCLOAK = new KeycloakTestClient();
    private static final String PROBLEM = "application/problem+json";

    @Inject
    RetentionService retention;

    private static String user(String name) {
        return KEYCLOAK.getAccessToken(name, name + "-password", "tousei-cli", null);
    }

    private static String ingestClient() {
        return KEYCLOAK.getRealmClientAccessToken("tousei", "event-ingest", "event-ingest-secret");
    }

    private static JsonPath evidenceOf(String account, int expected) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
                () -> given().auth().oauth2(user("viewer")).queryParam("accountId", account).queryParam("limit", 500)
                        .when().get("/api/v1/evidence").then().statusCode(200).extract().jsonPath(),
                page -> page.getList("items").size() >= expected);
    }

    @Test
    void aNulCharacterInAFilterIs400NotA500() {
        for (String query : new String[] {"controlId=x%00y", "detailType=x%00y", "resource=x%00y"}) {
            given().auth().oauth2(user("viewer")).urlEncodingEnabled(false).when().get("/api/v1/evidence?" + query)
                    .then().statusCode(400).contentType(PROBLEM);
        }
        given().auth().oauth2(user("viewer")).queryParam("detailType", "xy").when().get("/api/v1/evidence")
                .then().statusCode(200);
    }

    @Test
    void anArrayOfEnvelopesPostedByTheIngestClientBecomesEvidence() {
        String account = Envelopes.newAccount();
        ArrayNode batch = Envelopes.JSON.createArrayNode();
        batch.add(Envelopes.stopLogging(account, "a"));
        batch.add(Envelopes.guardDutyFinding(account, 5.0, false));

        given().auth().oauth2(ingestClient()).contentType(ContentType.JSON).body(batch.toString())
                .when().post("/api/v1/ingest/events")
                .then().statusCode(202).body("accepted", equalTo(2));

        assertThat(evidenceOf(account, 2).getList("items.detailType"))
                .containsExactlyInAnyOrder("AWS API Call via CloudTrail", "GuardDuty Finding");
    }

    @Test
    void aGzippedCloudTrailLogFileBecomesOneEvidencePerRecordAndReplayingItChangesNothing() throws Exception {
        String account = Envelopes.newAccount();
        ObjectNode file = Envelopes.JSON.createObjectNode();
        ArrayNode records = file.putArray("Records");
        for (int i = 0; i < 3; i++) {
            records.add(Envelopes.stopLogging(account, "trail-" + i).get("detail"));
        }
        byte[] gzipped = gzip(file.toString().getBytes());

        for (int replay = 0; replay < 2; replay++) {
            given().auth().oauth2(ingestClient()).contentType("application/gzip").body(gzipped)
                    .when().post("/api/v1/ingest/cloudtrail")
                    .then().statusCode(202).body("accepted", equalTo(3));
        }

        JsonPath page = evidenceOf(account, 3);
        Thread.sleep(1_500); // time for a wrongly stored replay to show up
        assertThat(given().auth().oauth2(user("viewer")).queryParam("accountId", account)
                .when().get("/api/v1/evidence").then().extract().jsonPath().getList("items")).hasSize(3);
        assertThat(page.getList("items.summary.operation")).containsOnly("StopLogging");
    }

    @Test
    void aBodyThatIsNotJsonIsA400Problem() {
        given().auth().oauth2(ingestClient()).contentType(ContentType.JSON).body("{\"version\": ")
                .when().post("/api/v1/ingest/events")
                .then().statusCode(400).contentType(PROBLEM).body("status", equalTo(400));
        given().auth().oauth2(ingestClient()).contentType(ContentType.JSON).body("{\"no\": \"records\"}")
                .when().post("/api/v1/ingest/cloudtrail")
                .then().statusCode(400).contentType(PROBLEM);
    }

    @Test
    void retentionRemovesOldEvidenceWithoutBreakingTheChain() {
        String account = Envelopes.newAccount();
        TestTopics.send(TestKafka.INPUT, account, Envelopes.stopLogging(account, "old").toString().getBytes());
        evidenceOf(account, 1);
        Instant cutoff = Instant.now();
        TestTopics.send(TestKafka.INPUT, account, Envelopes.stopLogging(account, "new").toString().getBytes());
        evidenceOf(account, 2);

        assertThat(retention.pruneRecordedBefore(cutoff).await().indefinitely()).isGreaterThanOrEqualTo(1L);

        given().auth().oauth2(user("viewer"))
                .when().get("/api/v1/chains/{account}/verification", account)
                .then().statusCode(200)
                .body("intact", equalTo(true))
                .body("verified", equalTo(1))
                .body("headSequence", equalTo(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/evidence", "/api/v1/evidence/00000000-0000-0000-0000-000000000000",
            "/api/v1/chains/111122223333/verification"})
    void readsNeedATokenAndARole(String path) {
        given().when().get(path).then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(user("norole")).when().get(path).then().statusCode(403).contentType(PROBLEM);
        given().auth().oauth2(ingestClient()).when().get(path).then().statusCode(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/ingest/events", "/api/v1/ingest/cloudtrail"})
    void onlyTheIngestClientMayIngest(String path) {
        String body = Envelopes.stopLogging(Envelopes.newAccount(), "x").toString();
        given().contentType(ContentType.JSON).body(body).when().post(path).then().statusCode(401).contentType(PROBLEM);
        for (String human : new String[] {"viewer", "analyst", "auditor", "admin"}) {
            given().auth().oauth2(user(human)).contentType(ContentType.JSON).body(body)
                    .when().post(path).then().statusCode(403).contentType(PROBLEM);
        }
    }

    @Test
    void unknownEvidenceIsA404AndABadFilterA400() {
        given().auth().oauth2(user("viewer"))
                .when().get("/api/v1/evidence/{id}", "00000000-0000-0000-0000-000000000000")
                .then().statusCode(404).contentType(PROBLEM);
        given().auth().oauth2(user("viewer")).queryParam("accountId", "1' or '1'='1")
                .when().get("/api/v1/evidence")
                .then().statusCode(400).contentType(PROBLEM);
    }

    private static byte[] gzip(byte[] content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(content);
        }
        return bytes.toByteArray();
    }
}
