package dev.tousei.evidence.pipeline;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.tousei.evidence.fuzz.FuzzRun;
import dev.tousei.evidence.fuzz.FuzzTally;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * The short fuzz run of CI: 1,000 mutated real-shaped envelopes (seed {@value #SEED}, or -Dfuzz.seed / -Dfuzz.cases)
 * through the running collector. Each must end stored, dead-lettered with a reason, or ignored as a deliberate
 * repeat; a sentinel sent last on every partition must be stored; the service stays ready and logs no ERROR.
 * The long run ({@code deploy/local/fuzz-evidence}) does the same with ≥ 10,000 cases against the packaged collector.
 */
@QuarkusTest
@QuarkusTestResource(TestKafka.class)
class EnvelopeFuzzTest {

    static final long SEED = 20_261_203L;

    @Test
    void everyFuzzedEnvelopeIsStoredOrDeadLetteredAndConsumptionGoesOn() throws Exception {
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler errorCatcher = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= 1000) { // JBoss ERROR (1000) and above
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(errorCatcher);
        FuzzTally tally;
        try {
            FuzzRun run = new FuzzRun(TestKafka.BOOTSTRAP, TestKafka.INPUT, TestKafka.DEAD_LETTERS,
                    ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class),
                    "evidence", "evidence", Integer.getInteger("fuzz.cases", 1_000), Long.getLong("fuzz.seed", SEED),
                    TestKafka.RUN, Duration.ofSeconds(60), false);
            tally = run.execute(ShippedCatalog.CATALOG, line -> System.out.println("[fuzz] " + line));
        } finally {
            root.removeHandler(errorCatcher);
        }
        System.out.println(tally.table());
        tally.checks().forEach(System.out::println);

        assertThat(tally.checks()).allSatisfy(check -> assertThat(check.ok()).as(check.toString()).isTrue());
        assertThat(errors).as("ERROR log records during the run").extracting(LogRecord::getMessage).isEmpty();
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
