package dev.tousei.catalog.oscal;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.keycloak.client.KeycloakTestClient;
import org.junit.jupiter.api.Test;

/** The OSCAL documents served over HTTP are schema-valid and carry the catalog. */
@QuarkusTest
class ExportResourceTest {

    private static final KeycloakTestClient KEYCLOAK = new KeycloakTestClient();
    private final ObjectMapper json = new ObjectMapper();

    private static String viewerToken() {
        return KEYCLOAK.getAccessToken("viewer", "viewer-password", "tousei-cli", null);
    }

    @Test
    void catalogExportIsValidOscal() throws Exception {
        String body = given().auth().oauth2(viewerToken())
                .queryParam("framework", "aws-wa-security")
                .when().get("/api/v1/export/oscal/catalog")
                .then().statusCode(200).extract().asString();
        JsonNode document = json.readTree(body);

        assertThat(OscalSchemas.violations(OscalSchemas.CATALOG, document)).isEmpty();
        assertThat(document.at("/catalog/groups").findValuesAsText("id")).contains("sec04", "sec04-bp01");
    }

    @Test
    void mappingCollectionExportIsValidOscal() throws Exception {
        String body = given().auth().oauth2(viewerToken())
                .when().get("/api/v1/export/oscal/mapping-collections/{id}", "fisc-practice-wa-questions")
                .then().statusCode(200).extract().asString();
        JsonNode document = json.readTree(body);

        assertThat(OscalSchemas.violations(OscalSchemas.MAPPING, document)).isEmpty();
        assertThat(document.at("/mapping-collection/mappings")).isNotEmpty();
    }

    @Test
    void unknownFrameworkIsA404Problem() {
        given().auth().oauth2(viewerToken())
                .queryParam("framework", "nope")
                .when().get("/api/v1/export/oscal/catalog")
                .then().statusCode(404).contentType("application/problem+json");
    }
}
