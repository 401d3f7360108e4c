package dev.tousei.assessment.flow;

import static dev.tousei.assessment.flow.AssessmentTestKafka.ATTESTED;
import static dev.tousei.assessment.flow.AssessmentTestKafka.AUTOMATED;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.matchesPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.assessment.export.CsvExporter;
import dev.tousei.assessment.export.ExportChecks;
import dev.tousei.events.catalog.EvidenceRule.Effect;
import dev.tousei.events.evidence.EvidenceRecorded;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.keycloak.client.KeycloakTestClient;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Auditor exports over HTTP: CSV rows and schema-valid OSCAL from real statuses, and the 401/403 matrix. */
@QuarkusTest
@QuarkusTestResource(AssessmentTestKafka.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportResourceTest {

    private static final KeycloakTestClient KEYCLOAK = new KeycloakTestClient();
    private static final String PROBLEM = "application/problem+json";
    private static final String WA = "aws-wa-security";
    private static final String FISC = "fisc-control-standards";

    private final ObjectMapper json = new ObjectMapper();
    private final String failingAccount = TestEvidence.newAccount();
    private final String passingAccount = TestEvidence.newAccount();
    private EvidenceRecorded stop;
    private EvidenceRecorded start;
    private String attestationId;

    private static String token(String user) {
        return KEYCLOAK.getAccessToken(user, user + "-password", "tousei-cli", null);
    }

    private static String trail(String account) {
        return "arn:aws:cloudtrail:ap-northeast-1:" + account + ":trail/org";
    }

    private static void awaitStatus(String account, String control, String expected) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(
                () -> given().auth().oauth2(token("viewer")).queryParam("account", account)
                        .queryParam("control", control)
                        .when().get("/api/v1/statuses").then().statusCode(200).extract().jsonPath(),
                page -> page.getList("$").size() == 1 && expected.equals(page.getString("[0].status")));
    }

    /**
     * Once per class: sec04-bp01 FAILED in one account and PASSED in another (evidence); fisc-t1 PASSED by
     * attestation. (Not in a @BeforeAll: REST Assured learns the test port only before each test.)
     */
    @BeforeEach
    void createStatuses() {
        if (stop != null) {
            return;
        }
        Instant t0 = Instant.now().minusSeconds(60);
        stop = TestEvidence.effect(failingAccount, AUTOMATED, Effect.FAIL, trail(failingAccount), t0, "StopLogging");
        start = TestEvidence.effect(passingAccount, AUTOMATED, Effect.PASS, trail(passingAccount), t0,
                "StartLogging");
        TestEvidence.send(stop);
        TestEvidence.send(start);
        Instant now = Instant.now();
        attestationId = given().auth().oauth2(token("auditor")).contentType(ContentType.JSON)
                .body(Map.of("controlId", ATTESTED, "accountId", failingAccount,
                        "statement", "IT governance policy approved by the board",
                        "attestedAt", now.minusSeconds(60).toString(), "expiresAt", now.plusSeconds(3600).toString()))
                .when().post("/api/v1/attestations")
                .then().statusCode(201).extract().path("id");
        awaitStatus(failingAccount, AUTOMATED, "FAILED");
        awaitStatus(passingAccount, AUTOMATED, "PASSED");
        awaitStatus(failingAccount, ATTESTED, "PASSED");
    }

    @Test
    void csvHasAHeaderAndOneRowPerControlAndAccount() {
        Response response = given().auth().oauth2(token("viewer")).queryParam("framework", WA)
                .when().get("/api/v1/export/csv")
                .then().statusCode(200)
                .contentType("text/csv")
                .header("Content-Disposition",
                        matchesPattern("attachment; filename=\"tousei-assessment-\\d{4}-\\d{2}-\\d{2}\\.csv\""))
                .extract().response();
        assertThat(response.contentType()).containsIgnoringCase("charset=UTF-8");
        byte[] bytes = response.asByteArray();
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        List<List<String>> records = ExportChecks.csvRecords(new String(bytes, 3, bytes.length - 3,
                StandardCharsets.UTF_8));

        assertThat(records.get(0)).isEqualTo(CsvExporter.HEADER);
        assertThat(records.subList(1, records.size())).allSatisfy(row -> assertThat(row.get(0)).isEqualTo(WA));
        List<String> failed = row(records, failingAccount, AUTOMATED);
        assertThat(failed.subList(0, 3)).containsExactly(WA, AUTOMATED, AUTOMATED.toUpperCase());
        assertThat(failed.get(3)).isEqualTo("テスト " + AUTOMATED);
        assertThat(failed.get(4)).isEqualTo("Test " + AUTOMATED);
        assertThat(failed.get(6)).isEqualTo("FAILED");
        assertThat(Instant.parse(failed.get(7))).isBefore(Instant.now());
        assertThat(failed.get(8)).contains("org");
        assertThat(failed.get(9)).isEqualTo(stop.evidenceId().toString());
        assertThat(failed.get(10)).isEmpty();
        assertThat(failed.get(11)).isEqualTo(trail(failingAccount));

        List<String> passed = row(records, passingAccount, AUTOMATED);
        assertThat(passed.get(6)).isEqualTo("PASSED");
        assertThat(passed.get(9)).isEqualTo(start.evidenceId().toString());
        assertThat(passed.get(11)).isEmpty();
    }

    @Test
    void csvFiltersByAccountAndFramework() {
        List<List<String>> records = csv(Map.of("account", failingAccount));
        // ordered by framework, then control
        assertThat(records.subList(1, records.size())).extracting(row -> row.get(1) + "/" + row.get(6))
                .containsExactly(AUTOMATED + "/FAILED", ATTESTED + "/PASSED");

        List<List<String>> fisc = csv(Map.of("account", failingAccount, "framework", FISC));
        assertThat(fisc).hasSize(2);
        assertThat(fisc.get(1).get(0)).isEqualTo(FISC);
        assertThat(fisc.get(1).get(10)).isEqualTo(attestationId);
    }

    @Test
    void oscalExportIsValidAndCarriesTheStatuses() throws Exception {
        String body = given().auth().oauth2(token("viewer")).queryParam("account", failingAccount)
                .when().get("/api/v1/export/oscal/assessment-results")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().asString();
        JsonNode document = json.readTree(body);

        assertThat(ExportChecks.oscalViolations(document)).isEmpty();
        JsonNode result = document.at("/assessment-results/results/0");
        assertThat(result.get("reviewed-controls").findValuesAsText("control-id"))
                .containsExactlyInAnyOrder(AUTOMATED, ATTESTED);
        JsonNode findings = result.get("findings");
        assertThat(findings).hasSize(2);
        JsonNode failed = findings.get(0);
        JsonNode attested = findings.get(1);
        assertThat(attested.get("title").asText()).isEqualTo(ATTESTED.toUpperCase() + " in " + failingAccount);
        assertThat(attested.at("/target/status/state").asText()).isEqualTo("satisfied");
        assertThat(failed.get("title").asText()).isEqualTo(AUTOMATED.toUpperCase() + " in " + failingAccount);
        assertThat(failed.at("/target/target-id").asText()).isEqualTo(AUTOMATED);
        assertThat(failed.at("/target/status/state").asText()).isEqualTo("not-satisfied");
        assertThat(failed.at("/target/status/reason").asText()).isEqualTo("fail");

        List<String> hrefs = StreamSupport.stream(result.get("observations").spliterator(), false)
                .flatMap(observation -> StreamSupport.stream(observation.get("relevant-evidence").spliterator(),
                        false))
                .map(evidence -> evidence.get("href").asText()).toList();
        assertThat(hrefs).containsExactlyInAnyOrder("urn:tousei:evidence:" + stop.evidenceId(),
                "urn:tousei:attestation:" + attestationId);
    }

    @Test
    void oscalExportOfEveryAccountValidates() throws Exception {
        JsonNode document = json.readTree(given().auth().oauth2(token("viewer"))
                .when().get("/api/v1/export/oscal/assessment-results")
                .then().statusCode(200).extract().asString());

        assertThat(ExportChecks.oscalViolations(document)).isEmpty();
        assertThat(document.at("/assessment-results/results/0/findings").findValuesAsText("title"))
                .contains(AUTOMATED.toUpperCase() + " in " + failingAccount,
                        AUTOMATED.toUpperCase() + " in " + passingAccount);
    }

    @Test
    void rolesAndFiltersAreChecked() {
        for (String path : List.of("/api/v1/export/csv", "/api/v1/export/oscal/assessment-results")) {
            given().when().get(path).then().statusCode(401).contentType(PROBLEM);
            given().auth().oauth2(token("norole")).when().get(path).then().statusCode(403).contentType(PROBLEM);
            given().auth().oauth2(token("viewer")).queryParam("account", "12345")
                    .when().get(path).then().statusCode(400).contentType(PROBLEM);
            given().auth().oauth2(token("viewer")).queryParam("framework", "x".repeat(65))
                    .when().get(path).then().statusCode(400).contentType(PROBLEM);
        }
    }

    @Test
    void aNulCharacterInAFilterIs400NotA500() {
        for (String path : List.of("/api/v1/export/csv?framework=x%00y", "/api/v1/statuses?control=x%00y",
                "/api/v1/attestations?controlId=x%00y", "/api/v1/controls/x%00y/statuses")) {
            given().auth().oauth2(token("viewer")).urlEncodingEnabled(false).when().get(path)
                    .then().statusCode(400).contentType(PROBLEM);
        }
        given().auth().oauth2(token("viewer")).queryParam("control", "xy").when().get("/api/v1/statuses")
                .then().statusCode(200);
    }

    private List<List<String>> csv(Map<String, String> query) {
        byte[] bytes = given().auth().oauth2(token("viewer")).queryParams(query)
                .when().get("/api/v1/export/csv")
                .then().statusCode(200).extract().asByteArray();
        return ExportChecks.csvRecords(new String(bytes, StandardCharsets.UTF_8).substring(1));
    }

    private static List<String> row(List<List<String>> records, String account, String control) {
        List<List<String>> rows = records.stream()
                .filter(row -> row.get(5).equals(account) && row.get(1).equals(control)).toList();
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
