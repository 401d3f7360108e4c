package dev.tousei.evidence.bench;

import static dev.tousei.evidence.bench.BenchOutput.n;

import dev.tousei.evidence.fuzz.FuzzRun;
import dev.tousei.evidence.fuzz.FuzzTally;
import dev.tousei.evidence.pipeline.ShippedCatalogAccess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The long fuzz run against the packaged evidence-collector (its production JVM flags, own topics, database
 * {@code evidence_fuzz}): ≥ 10,000 seeded mutations of real-shaped envelopes ({@link dev.tousei.evidence.fuzz}), then
 * one sentinel per partition. Not a test (surefire ignores it); run by {@code deploy/local/fuzz-evidence [cases]
 * [seed]} from the {@code evidence-collector} folder. Exits 1 if any check fails:
 * sent = stored + dead-lettered + duplicates ignored, exactly, per case; the collector alive and ready at the end; no
 * ERROR in its log; no row naming no case; every account's chain still consistent.
 */
public final class EvidenceFuzzCheck {

    private EvidenceFuzzCheck() {
    }

    public static void main(String[] args) throws Exception {
        BenchOutput.quietLibraries();
        BenchSettings settings = new BenchSettings(args, 10_000);
        BenchOutput out = new BenchOutput("fuzz");
        System.exit(run(settings, out));
    }

    private static int run(BenchSettings settings, BenchOutput out) throws Exception {
        String input = "fuzz.aws.events." + settings.run;
        String deadLetters = "dlq.evidence-collector." + input;
        String catalog = "fuzz.catalog.control-changed." + settings.run;
        String recorded = "fuzz.evidence-recorded." + settings.run;
        String group = "evidence-collector-fuzz-" + settings.run;
        BenchKafka kafka = new BenchKafka(settings.bootstrap);
        out.step(String.format("run %s: %s cases, seed %d (repeat with: deploy/local/fuzz-evidence %d %d)",
                settings.run, n(settings.events), settings.seed, settings.events, settings.seed));
        kafka.createTopics(List.of(input, deadLetters, catalog, recorded));
        int controls = ShippedCatalogAccess.publishTo(settings.bootstrap, catalog);
        out.step("catalog published (" + controls + " controls)");

        try (BenchDb db = new BenchDb(settings)) {
            if (db.schemaExists()) {
                db.truncate();
                out.step("truncated evidence, chain_head, chain_anchor in " + settings.database);
            }
            CollectorProcess collector = CollectorProcess.start(settings,
                    CollectorProcess.environment(settings, input, deadLetters, catalog, recorded, group), "collector");
            out.step("collector started, pid " + collector.pid() + ", log " + collector.log());
            collector.awaitReady(Duration.ofMinutes(3));
            long started = System.nanoTime();
            FuzzTally tally = new FuzzRun(settings.bootstrap, input, deadLetters, settings.jdbcUrl(), settings.dbUser,
                    settings.dbPassword, settings.events, settings.seed, settings.run,
                    Duration.ofSeconds(settings.stallSeconds), true)
                    .execute(ShippedCatalogAccess.catalogDirectory(), out::step);
            double seconds = (System.nanoTime() - started) / 1e9;

            boolean alive = collector.alive();
            String ready;
            try {
                collector.awaitReady(Duration.ofSeconds(20));
                ready = "ready";
            } catch (IllegalStateException e) {
                ready = "not ready: " + e.getMessage().lines().findFirst().orElse("");
            }
            List<String> errors = Files.readAllLines(collector.log(), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(" ERROR ")).toList();
            long brokenSequences = db.brokenSequences();
            Map<String, Double> metrics = collector.metrics();
            double eventsIn = metrics.getOrDefault("evidence_events_in_total", Double.NaN);

            System.out.println();
            System.out.println("==== evidence-collector fuzz run " + settings.run + ", seed " + settings.seed + " ====");
            System.out.print(tally.table());
            System.out.println("  variants (outcome or dead-letter reason):");
            System.out.print(tally.variants());
            System.out.printf("  %-30s %.1f s (%,.0f cases/s)%n", "sent to all accounted", seconds,
                    tally.size() / seconds);
            System.out.printf("  %-30s %,.0f records consumed (evidence_events_in_total)%n", "collector", eventsIn);
            System.out.println("  checks:");
            tally.checks().forEach(check -> out.check(check.ok(), check.name(), check.detail()));
            out.check(tally.rowsWithoutCase() == 0, "no evidence row naming no case",
                    n(tally.rowsWithoutCase()) + " rows");
            out.check(alive && "ready".equals(ready), "collector alive and ready at the end",
                    (alive ? "alive" : "exited") + ", " + ready);
            out.check(errors.isEmpty(), "no ERROR in the collector's log", errors.size() + " lines"
                    + (errors.isEmpty() ? "" : ": " + errors.subList(0, Math.min(3, errors.size()))));
            out.check(brokenSequences == 0, "chains consistent (sequences 1..n, heads)",
                    n(brokenSequences) + " accounts broken");
            out.checks().forEach(System.out::println);
            System.out.println("  log: " + collector.log());
            collector.stop();
            System.out.println(out.failed() ? "RESULT: FAIL" : "RESULT: PASS");
            if (!settings.keepTopics) {
                kafka.deleteTopics(List.of(input, deadLetters, catalog, recorded));
            }
            return out.failed() ? 1 : 0;
        }
    }
}
