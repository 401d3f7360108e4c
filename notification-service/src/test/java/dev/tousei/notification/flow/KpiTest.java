package dev.tousei.notification.flow;

import static dev.tousei.notification.flow.Api.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** MTTA, MTTR, share resolved within the agreed time and counts by severity, from a known set of alerts. */
@QuarkusTest
@QuarkusTestResource(NotificationTestResources.class)
class KpiTest {

    private static final Instant T0 = Instant.parse("2001-01-10T00:00:00Z");

    @Inject
    Pool pool;

    /** One alert with one episode; offsets in seconds from T0, null for never. */
    private void episode(String severity, boolean suppressed, Instant raised, Long ackAfter, Long resolveAfter) {
        UUID id = UUID.randomUUID();
        long episode = Math.abs(id.getMostSignificantBits() % 1_000_000_000L) + 1_000_000_000L;
        pool.preparedQuery("""
                        INSERT INTO alert (id, fingerprint, kind, account_id, severity, title, state, suppressed_reason,
                                           last_change, occurrences, episode_id, first_seen_at, last_seen_at, raised_at,
                                           source_event_id)
                        VALUES ($1, $2, 'CONTROL_FAILED', '000000000000', $3, 'kpi', 'OPEN', $4, 'RAISED', 1, $5,
                                $6, $6, $6, 'kpi-test')""")
                .execute(Tuple.tuple().addValue(id).addValue("kpi:" + id).addValue(severity)
                        .addValue(suppressed ? "test" : null).addValue(episode).addValue(utc(raised)))
                .chain(() -> pool.preparedQuery("""
                                INSERT INTO alert_episode (id, alert_id, severity, suppressed, raised_at, acknowledged_at,
                                                           resolved_at)
                                VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                        .execute(Tuple.tuple().addValue(episode).addValue(id).addValue(severity).addValue(suppressed)
                                .addValue(utc(raised))
                                .addValue(ackAfter == null ? null : utc(raised.plusSeconds(ackAfter)))
                                .addValue(resolveAfter == null ? null : utc(raised.plusSeconds(resolveAfter)))))
                .await().atMost(Duration.ofSeconds(10));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    @Test
    void kpisOfAKnownSetOfAlerts() {
        episode("CRITICAL", false, T0, 600L, 7_200L);          // acknowledged in 10 min, resolved in 2 h (target 4 h)
        episode("CRITICAL", false, T0, 1_200L, 21_600L);       // resolved in 6 h: late
        episode("HIGH", false, T0, 1_800L, null);              // acknowledged, still open
        episode("HIGH", false, T0, null, 3_600L);              // resolved by the control passing, never acknowledged
        episode("MEDIUM", true, T0, 60L, 120L);                // suppressed: counted, not timed
        episode("LOW", false, T0, null, null);
        episode("CRITICAL", false, Instant.parse("2001-02-05T00:00:00Z"), 1L, 1L); // outside the period

        as("viewer").config(RestAssured.config().jsonConfig(JsonConfig.jsonConfig()
                        .numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE)))
                .queryParam("from", "2001-01-01T00:00:00Z").queryParam("to", "2001-02-01T00:00:00Z")
                .when().get("/api/v1/kpis")
                .then().statusCode(200)
                .body("overall.alerts", equalTo(6))
                .body("overall.suppressed", equalTo(1))
                .body("overall.acknowledged", equalTo(3))
                .body("overall.mttaSeconds", closeTo(1_200.0, 0.001))
                .body("overall.resolved", equalTo(3))
                .body("overall.mttrSeconds", closeTo(10_800.0, 0.001))
                .body("overall.resolvedWithinTarget", equalTo(2))
                .body("overall.resolvedWithinTargetShare", closeTo(0.4, 0.0001))
                .body("bySeverity.CRITICAL.alerts", equalTo(2))
                .body("bySeverity.CRITICAL.share", closeTo(0.333, 0.0001))
                .body("bySeverity.CRITICAL.mttaSeconds", closeTo(900.0, 0.001))
                .body("bySeverity.CRITICAL.mttrSeconds", closeTo(14_400.0, 0.001))
                .body("bySeverity.CRITICAL.resolvedWithinTargetShare", closeTo(0.5, 0.0001))
                .body("bySeverity.CRITICAL.targetSeconds", equalTo(14_400))
                .body("bySeverity.HIGH.mttaSeconds", closeTo(1_800.0, 0.001))
                .body("bySeverity.HIGH.mttrSeconds", closeTo(3_600.0, 0.001))
                .body("bySeverity.HIGH.resolvedWithinTargetShare", closeTo(0.5, 0.0001))
                .body("bySeverity.MEDIUM.share", closeTo(0.167, 0.0001))
                .body("bySeverity.MEDIUM.suppressed", equalTo(1))
                .body("bySeverity.MEDIUM.mttaSeconds", nullValue())
                .body("bySeverity.LOW.alerts", equalTo(1))
                .body("bySeverity.INFORMATIONAL.alerts", equalTo(0));
    }

    @Test
    void aPeriodEndingBeforeItStartsIsRefused() {
        as("viewer").queryParam("from", "2001-02-01T00:00:00Z").queryParam("to", "2001-01-01T00:00:00Z")
                .when().get("/api/v1/kpis").then().statusCode(422).contentType(Api.PROBLEM);
    }

    @Test
    void theKpisArePrometheusGauges() {
        episode("INFORMATIONAL", false, Instant.now().minusSeconds(120), 30L, null);
        String raised = "tousei_alerts_raised\\{[^}]*severity=\"INFORMATIONAL\"[^}]*\\} ([0-9.Ee+]+)";
        double value = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(
                () -> metric(given().when().get("/q/metrics").then().statusCode(200).extract().asString(), raised),
                v -> v >= 1.0);
        assertThat(value).isGreaterThanOrEqualTo(1.0);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("tousei_alerts_mtta_seconds{").contains("tousei_alerts_mttr_seconds{")
                .contains("tousei_alerts_resolved_within_target_ratio{").contains("tousei_alerts_current{");
        assertThat(metric(metrics, "tousei_alerts_mtta_seconds\\{[^}]*\\} ([0-9.Ee+]+)")).isGreaterThan(0.0);
    }

    private static double metric(String metrics, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : -1;
    }
}
