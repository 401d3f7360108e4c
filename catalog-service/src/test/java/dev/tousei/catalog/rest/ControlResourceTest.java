package dev.tousei.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class ControlResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @ParameterizedTest
    @ValueSource(strings = {"sec04-bp01", "SEC4-1", "SEC04-BP01", "SEC-4.1", "sec04-bp01 ", "ＳＥＣ４－１"})
    void everySpellingOfABestPracticeReturnsTheSameControl(String spelling) {
        given().auth().oauth2(Tokens.of("viewer"))
                .when().get("/api/v1/controls/{id}", spelling.strip())
                .then().statusCode(200)
                .body("id", equalTo("sec04-bp01"))
                .body("displayId", equalTo("SEC4-1"))
                .body("frameworkId", equalTo("aws-wa-security"))
                .body("assessmentMode", equalTo("AUTOMATED"))
                .body("considerationPoints.itemJa", hasItem("調査・分析要件の検討"));
    }

    @Test
    void fiscBranchIsFoundByItsJapaneseDisplayId() {
        given().auth().oauth2(Tokens.of("viewer"))
                .when().get("/api/v1/controls/{id}", "統20 3-(1)")
                .then().statusCode(200)
                .body("id", equalTo("fisc-t20-3-1"))
                .body("parentId", equalTo("fisc-t20"))
                .body("responsibility.customer", equalTo("PRIMARY"));
    }

    @Test
    void listsFiltersByFrameworkKindAndMode() {
        given().auth().oauth2(Tokens.of("viewer"))
                .queryParam("framework", "aws-wa-security").queryParam("kind", "REQUIREMENT")
                .when().get("/api/v1/controls")
                .then().statusCode(200)
                .body("findAll { it.id ==~ /sec\\d\\d-bp\\d\\d/ }", hasSize(56))
                .body("frameworkId", everyItem(equalTo("aws-wa-security")))
                .body("kind", everyItem(equalTo("REQUIREMENT")));

        given().auth().oauth2(Tokens.of("viewer"))
                .queryParam("framework", "fisc-control-standards").queryParam("mode", "ATTESTATION")
                .queryParam("responsibility", "customer")
                .when().get("/api/v1/controls")
                .then().statusCode(200)
                .body("$", hasSize(52));
    }

    @Test
    void freeTextFindsJapaneseAndEnglishText() {
        given().auth().oauth2(Tokens.of("viewer"))
                .queryParam("q", "ログ記録")
                .when().get("/api/v1/controls")
                .then().statusCode(200)
                .body("id", hasItem("sec04-bp01"));

        given().auth().oauth2(Tokens.of("viewer"))
                .queryParam("q", "Configure service and APPLICATION logging")
                .when().get("/api/v1/controls")
                .then().statusCode(200)
                .body("id", equalTo(List.of("sec04-bp01")));
    }

    @Test
    void likeWildcardsInTheQueryAreLiteral() {
        given().auth().oauth2(Tokens.of("viewer"))
                .queryParam("q", "%")
                .when().get("/api/v1/controls")
                .then().statusCode(200)
                .body("id", not(hasItem("sec04-bp01")));
    }

    @Test
    void unknownControlIsA404Problem() {
        given().auth().oauth2(Tokens.of("viewer"))
                .when().get("/api/v1/controls/{id}", "SEC99-1")
                .then().statusCode(404)
                .contentType(PROBLEM)
                .body("status", equalTo(404))
                .body("title", equalTo("Not Found"))
                .body("detail", containsString("SEC99-1"))
                .body("instance", equalTo("/api/v1/controls/SEC99-1"));
    }

    @Test
    void invalidFilterValueIsA400Problem() {
        given().auth().oauth2(Tokens.of("viewer"))
                .queryParam("responsibility", "nobody' or 1=1 --")
                .when().get("/api/v1/controls")
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("status", equalTo(400));
    }

    @Test
    void mappingsAreServedInBothDirections() {
        given().auth().oauth2(Tokens.of("viewer"))
                .when().get("/api/v1/controls/{id}/mappings", "SEC4-2")
                .then().statusCode(200)
                .body("findAll { it.target.id == 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED' }.direction", hasItem("outgoing"))
                .body("findAll { it.target.id == 'CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED' }.relationship",
                        hasItem("superset-of"));

        given().auth().oauth2(Tokens.of("viewer"))
                .when().get("/api/v1/controls/{id}/mappings", "sec02")
                .then().statusCode(200)
                .body("findAll { it.source.kind == 'FISC_PRACTICE' && it.source.id == '実1' }.direction",
                        hasItem("incoming"))
                .body("findAll { it.source.id == '実1' }.relationship", everyItem(equalTo("intersects-with")));

        given().auth().oauth2(Tokens.of("viewer"))
                .queryParam("kind", "AWS_CONFIG_RULE").queryParam("id", "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED")
                .when().get("/api/v1/mappings")
                .then().statusCode(200)
                .body("source.id", hasItem("sec04-bp02"))
                .body("mappingSet", hasItem("wa-config-rules"));
    }

    @Test
    void catalogSnapshotHoldsEveryControlAtTheCurrentRevision() {
        given().auth().oauth2(Tokens.of("viewer"))
                .when().get("/api/v1/catalog")
                .then().statusCode(200)
                .body("revision", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("frameworks.id", hasItem("fisc-control-standards"))
                .body("controls.find { it.id == 'sec04-bp01' }.aliases", hasItem("SEC04-BP01"))
                .body("controls.find { it.id == 'sec04-bp02' }.awsConfigRules",
                        hasItem("cloud-trail-cloud-watch-logs-enabled"));
    }

    @Test
    void malformedJsonIsA400Problem() {
        given().auth().oauth2(Tokens.of("admin"))
                .contentType(ContentType.JSON).body("{\"id\": \"x\", ")
                .when().post("/api/v1/controls")
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("status", equalTo(400));
    }

    @Test
    void missingRequiredFieldsAreA400ProblemWithViolations() {
        Map<String, Object> body = TestControls.with(TestControls.requirement(TestControls.newId(), "t"),
                "titleEn", "");

        given().auth().oauth2(Tokens.of("admin"))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/controls")
                .then().statusCode(400)
                .contentType(PROBLEM)
                .body("violations.field", hasItem(containsString("titleEn")));
    }

    @Test
    void semanticallyInvalidControlIsA422Problem() {
        String id = TestControls.newId();
        Map<String, Object> body = TestControls.with(TestControls.requirement(id, "t"), "frameworkId", "no-such");
        body = TestControls.with(body, "freshness", "one day");
        body = TestControls.with(body, "evidenceRules", List.of(Map.of("id", "r1", "eventPattern",
                "{\"source\": \"not-an-array\"}", "effect", "FAIL", "scope", "ACCOUNT", "escalation", "ALERT")));

        given().auth().oauth2(Tokens.of("admin"))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/controls")
                .then().statusCode(422)
                .contentType(PROBLEM)
                .body("violations", hasItem(containsString("framework 'no-such' does not exist")))
                .body("violations", hasItem(containsString("freshness")))
                .body("violations", hasItem(containsString("evidenceRules[0].eventPattern")));
    }
}
