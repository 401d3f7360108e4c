package dev.tousei.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every endpoint: 401 without a valid token, 403 without the role, and the public endpoints stay public. */
@QuarkusTest
class SecurityMatrixTest {

    private static final String PROBLEM = "application/problem+json";

    record Call(String method, String path) {
        io.restassured.response.Response send(RequestSpecification spec) {
            return spec.contentType(ContentType.JSON).body(Map.of("version", 0)).request(method, path);
        }
    }

    static Stream<Call> reads() {
        return Stream.of(new Call("GET", "/api/v1/controls"), new Call("GET", "/api/v1/controls/SEC4-1"),
                new Call("GET", "/api/v1/controls/SEC4-1/mappings"), new Call("GET", "/api/v1/controls/SEC4-1/evidence-rules"),
                new Call("GET", "/api/v1/frameworks"), new Call("GET", "/api/v1/frameworks/aws-wa-security"),
                new Call("GET", "/api/v1/mappings?kind=CONTROL&id=sec02"), new Call("GET", "/api/v1/mapping-sets"),
                new Call("GET", "/api/v1/mapping-sets/wa-config-rules/mappings"),
                new Call("GET", "/api/v1/revisions"), new Call("GET", "/api/v1/revisions/1"),
                new Call("GET", "/api/v1/revisions/1/controls"), new Call("GET", "/api/v1/revisions/1/controls/sec04-bp01"),
                new Call("GET", "/api/v1/audit"), new Call("GET", "/api/v1/catalog"),
                new Call("GET", "/api/v1/export/oscal/catalog?framework=fisc-control-standards"),
                new Call("GET", "/api/v1/export/oscal/mapping-collections/wa-config-rules"));
    }

    static Stream<Call> writes() {
        return Stream.of(new Call("POST", "/api/v1/controls"), new Call("PUT", "/api/v1/controls/sec04-bp01"),
                new Call("DELETE", "/api/v1/controls/sec04-bp01?version=0"),
                new Call("PUT", "/api/v1/controls/sec04-bp01/evidence-rules"));
    }

    static Stream<Call> all() {
        return Stream.concat(reads(), writes());
    }

    @Test
    void aNulCharacterInAFilterOrPathIs400NotA500() {
        for (String path : new String[] {"/api/v1/controls?q=x%00y", "/api/v1/controls?framework=x%00y",
                "/api/v1/audit?controlId=x%00y", "/api/v1/controls/x%00y"}) {
            given().auth().oauth2(Tokens.of("viewer")).urlEncodingEnabled(false).when().get(path)
                    .then().statusCode(400).contentType(PROBLEM);
        }
        given().auth().oauth2(Tokens.of("viewer")).queryParam("q", "xy").when().get("/api/v1/controls")
                .then().statusCode(200);
    }

    @ParameterizedTest
    @MethodSource("all")
    void withoutTokenIs401(Call call) {
        call.send(given()).then().statusCode(401).contentType(PROBLEM);
    }

    @ParameterizedTest
    @MethodSource("all")
    void withForgedTokenIs401(Call call) {
        String forged = Tokens.of("admin");
        String[] parts = forged.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        call.send(given().auth().oauth2(tampered)).then().statusCode(401);
    }

    @ParameterizedTest
    @MethodSource("all")
    void userWithoutAnyRoleIs403(Call call) {
        call.send(given().auth().oauth2(Tokens.of("norole"))).then().statusCode(403).contentType(PROBLEM);
    }

    @ParameterizedTest
    @MethodSource("writes")
    void viewerWritingIs403(Call call) {
        call.send(given().auth().oauth2(Tokens.of("viewer"))).then().statusCode(403).contentType(PROBLEM)
                .body("status", equalTo(403));
    }

    @ParameterizedTest
    @MethodSource("writes")
    void analystAndAuditorCannotEditTheCatalog(Call call) {
        call.send(given().auth().oauth2(Tokens.of("analyst"))).then().statusCode(403);
        call.send(given().auth().oauth2(Tokens.of("auditor"))).then().statusCode(403);
    }

    @ParameterizedTest
    @MethodSource("reads")
    void everyHumanRoleCanRead(Call call) {
        for (String user : new String[] {"viewer", "analyst", "auditor", "admin"}) {
            given().auth().oauth2(Tokens.of(user)).when().get(call.path()).then().statusCode(200);
        }
    }

    @Test
    void healthMetricsAndOpenApiArePublic() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }
}
