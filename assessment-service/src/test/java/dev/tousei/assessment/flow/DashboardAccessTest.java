package dev.tousei.assessment.flow;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's tenant without a browser: no session means a redirect to Keycloak's login for the page, 499 for
 * the page's own requests, and a bearer token does not stand in for the session; /api keeps answering 401.
 * (Logged-in 200 and 403: {@link DashboardBrowserTest}.)
 */
@QuarkusTest
@QuarkusTestResource(AssessmentTestKafka.class)
class DashboardAccessTest {

    private static final String JAVASCRIPT = "JavaScript";

    @Test
    void thePageRedirectsToTheDashboardClientsLogin() {
        String location = given().redirects().follow(false)
                .when().get("/dashboard/")
                .then().statusCode(302).extract().header("Location");

        assertThat(location)
                .startsWith("http://127.0.0.1:8180/realms/tousei/protocol/openid-connect/auth?")
                .contains("client_id=soc-dashboard")
                .contains("response_type=code")
                .contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A18083%2Fdashboard%2F");
    }

    @Test
    void thePagesOwnRequestsGet499InsteadOfARedirect() {
        for (String path : new String[] {"/dashboard/api/statuses", "/dashboard/api/me", "/dashboard/api/events",
                "/dashboard/dashboard.js"}) {
            given().redirects().follow(false).header("X-Requested-With", JAVASCRIPT)
                    .when().get(path)
                    .then().statusCode(499);
        }
    }

    @Test
    void aBearerTokenIsNoDashboardSessionAndApiStaysBearerOnly() {
        given().redirects().follow(false).header("X-Requested-With", JAVASCRIPT)
                .auth().oauth2(AssessmentFlowTest.token("viewer"))
                .when().get("/dashboard/api/statuses")
                .then().statusCode(499);

        given().redirects().follow(false)
                .when().get("/api/v1/summary")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2(AssessmentFlowTest.token("viewer"))
                .when().get("/api/v1/summary")
                .then().statusCode(200);
    }
}
