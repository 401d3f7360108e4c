package dev.tousei.evidence.bench;

import static dev.tousei.evidence.bench.BenchOutput.n;

import dev.tousei.evidence.pipeline.ShippedCatalogAccess;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Crash-safety check of the packaged evidence-collector: kill -9 in the middle of a backlog, restart, and prove
 * exactly-once storage and at-least-once announcement. Not a test (surefire ignores it); run by
 * {@code deploy/local/crash-evidence [N]} from the {@code evidence-collector} folder. Exits 1 if any check fails.
 *
 * <ol>
 *   <li>fresh topics, the shipped catalog, N envelopes (default 100,000) produced before the collector starts;</li>
 *   <li>the collector starts; when {@code --kill-at} (default: random in 30–60 %) of the valid envelopes are stored it
 *       gets SIGKILL ({@link Process#destroyForcibly()}, proven by exit status 137 = 128 + 9);</li>
 *   <li>a second collector starts with the same topics, group and database and runs until the stored count stops
 *       growing and the group has committed everything;</li>
 *   <li>asserts: rows == produced − dead-lettered (none lost, none duplicated by dedup_key), every stored evidence id
 *       published at least once on evidence-recorded (and nothing else), every account's chain verifies.</li>
 * </ol>
 */
public final class EvidenceCrashCheck {

    private EvidenceCrashCheck() {
    }

    public static void main(String[] args) throws Exception {
        BenchOutput.quietLibraries();
        BenchSettings settings = new BenchSettings(args, 100_000);
        BenchOutput out = new BenchOutput("crash");
        System.exit(run(settings, out));
    }

    private static int run(BenchSettings settings, BenchOutput out) throws Exception {
        String input = "crash.aws.events." + settings.run;
        String deadLetters = "dlq.evidence-collector." + input;
        String catalog = "crash.catalog.control-changed." + settings.run;
        String recorded = "crash.evidence-recorded." + settings.run;
        String group = "evidence-collector-crash-" + settings.run;
        BenchKafka kafka = new BenchKafka(settings.bootstrap);
        out.step(String.format("run %s: %s envelopes, %d accounts, %.2f %% invalid, kill at %.0f %% of the valid ones, "
                        + "seed %d", settings.run, n(settings.events), settings.accounts, 100 * settings.invalidFraction,
                100 * settings.killAt, settings.seed));

        kafka.createTopics(List.of(input, deadLetters, catalog, recorded));
        int controls = ShippedCatalogAccess.publishTo(settings.bootstrap, catalog);
        EnvelopeMix mix = new EnvelopeMix(settings.seed, settings.accounts, settings.controlFraction,
                settings.invalidFraction, ShippedCatalogAccess.catalogDirectory());
        EvidenceBenchmark.Load load = EvidenceBenchmark.generate(mix, settings);
        BenchKafka.Produced produced = kafka.produce(input, load.records);
        load.records.clear();
        long expectedStored = produced.records() - load.invalid - load.duplicates;
        long expectedTotal = produced.records() - load.duplicates;
        long killAt = Math.round(settings.killAt * expectedStored);
        out.step(String.format("catalog (%d controls) and %s envelopes (%s invalid, %s duplicates) produced to %s",
                controls, n(produced.records()), n(load.invalid), n(load.duplicates), input));

        try (BenchDb db = new BenchDb(settings)) {
            if (db.otherSessions() > 0) {
                out.step("WARNING: other sessions on " + settings.database + " (a @QuarkusTest run would clean it)");
            }
            if (db.schemaExists()) {
                db.truncate();
                out.step("truncated evidence, chain_head, chain_anchor in " + settings.database);
            }
            Map<String, String> environment = CollectorProcess.environment(settings, input, deadLetters, catalog,
                    recorded, group);
            try (BenchKafka.RecordedTracker tracker = kafka.new RecordedTracker(recorded)) {
                // first life: killed mid-backlog
                CollectorProcess first = CollectorProcess.start(settings, environment, "collector-1");
                out.step("collector #1 started, pid " + first.pid() + ", log " + first.log());
                first.awaitReady(Duration.ofMinutes(3));
                out.step("collector #1 consuming; SIGKILL once " + n(killAt) + " rows are stored");
                StoredProgress before = new StoredProgress();
                StoredProgress.End firstEnd = before.watch(db, kafka, deadLetters, first,
                        null, expectedTotal, settings.stallSeconds, 50, out,
                        sample -> sample.stored() >= killAt);
                if (firstEnd != StoredProgress.End.STOPPED) {
                    out.step("collector #1 was not killed: consumption ended " + firstEnd + " first");
                    first.stop();
                    out.check(false, "kill -9 mid-backlog", "not reached (" + firstEnd + ")");
                    return summary(out, first, null);
                }
                long seenBeforeKill = before.samples().get(before.samples().size() - 1).stored();
                int exitStatus = first.killHard();
                long storedAtKill = db.storedFast();
                long publishedAtKill = tracker.distinct();
                long lagAtKill = kafka.groupLag(group, input);
                long dlqAtKill = kafka.endOffsetSum(deadLetters);
                out.step(String.format("SIGKILL sent: exit status %d%s; stored %s (%.0f %% of %s; %s seen just before), "
                                + "evidence-recorded %s distinct, dead letters %s, uncommitted records %s", exitStatus,
                        exitStatus == 137 ? " (= 128 + SIGKILL)" : "", n(storedAtKill),
                        100.0 * storedAtKill / expectedStored, n(expectedStored), n(seenBeforeKill),
                        n(publishedAtKill), n(dlqAtKill), n(lagAtKill)));

                // second life: must finish the job exactly once
                CollectorProcess second = first.restart("collector-2");
                out.step("collector #2 started, pid " + second.pid() + ", log " + second.log());
                second.awaitReady(Duration.ofMinutes(3));
                StoredProgress after = new StoredProgress();
                StoredProgress.End end = after.watch(db, kafka, deadLetters, second, null,
                        expectedTotal, settings.stallSeconds, 500, out, sample -> false);
                out.step("collector #2: " + end + "; waiting until nothing changes for 10 s, the group has committed "
                        + "everything and every row is published");
                long stableSince = System.nanoTime();
                long lastCount = -1;
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (System.nanoTime() < deadline) {
                    long count = db.storedFast();
                    if (count != lastCount) {
                        lastCount = count;
                        stableSince = System.nanoTime();
                    }
                    boolean settled = System.nanoTime() - stableSince > Duration.ofSeconds(10).toNanos()
                            && kafka.groupLag(group, input) == 0 && db.unpublished() == 0
                            && tracker.distinct() >= count;
                    if (settled) {
                        break;
                    }
                    Thread.sleep(500);
                }
                Map<String, Double> metrics = second.metrics();
                long rows = db.count();
                BenchKafka.DeadLetters dlq = kafka.deadLetters(deadLetters);
                long duplicateKeys = db.duplicateDedupKeys();
                long unpublished = db.unpublished();
                long brokenSequences = db.brokenSequences();
                long lag = kafka.groupLag(group, input);
                Thread.sleep(1000); // the tracker's last poll
                Set<String> storedIds = db.evidenceIds();
                Set<String> publishedIds = tracker.ids();
                long publishedRecords = tracker.records();
                Set<String> missing = new HashSet<>(storedIds);
                missing.removeAll(publishedIds);
                Set<String> unknown = new HashSet<>(publishedIds);
                unknown.removeAll(storedIds);
                ChainVerification.Result chains = ChainVerification.verify(settings, db.rowsPerAccount(),
                        settings.verifyAccounts);
                long lost = expectedTotal - dlq.distinctOrigins() - rows;

                out.check(exitStatus == 137, "collector #1 died of SIGKILL", "exit status " + exitStatus);
                double killedAt = 100.0 * storedAtKill / expectedStored;
                out.check(killedAt >= 20 && killedAt <= 80, "killed mid-backlog",
                        String.format("%.1f %% stored at the kill", killedAt));
                out.check(end == StoredProgress.End.COMPLETE, "collector #2 finished the backlog", end.name());
                out.check(rows == produced.records() - load.duplicates - dlq.distinctOrigins(),
                        "rows == produced − dead-lettered", n(rows) + " == " + n(produced.records()) + " − "
                                + n(dlq.distinctOrigins()) + (load.duplicates > 0 ? " − " + n(load.duplicates)
                                + " intended duplicates" : ""));
                out.check(lost == 0, "0 lost", n(lost) + " lost (valid envelopes expected " + n(expectedStored)
                        + ", stored " + n(rows) + ")");
                out.check(duplicateKeys == 0, "0 duplicated (dedup_key)", n(duplicateKeys) + " duplicates");
                out.check(dlq.distinctOrigins() == load.invalid, "dead-lettered == invalid envelopes",
                        n(dlq.distinctOrigins()) + " distinct origins == " + n(load.invalid) + " (" + n(dlq.records())
                                + " DLQ records: " + n(dlq.records() - dlq.distinctOrigins()) + " re-sent after the "
                                + "crash) " + dlq.reasons());
                out.check(missing.isEmpty() && publishedIds.size() == rows,
                        "every stored evidence id published ≥ once",
                        n(publishedIds.size()) + " distinct ids published == " + n(rows) + " rows; missing "
                                + n(missing.size()) + "; " + n(publishedRecords) + " records ("
                                + n(publishedRecords - publishedIds.size()) + " re-published)");
                out.check(unknown.isEmpty(), "no evidence-recorded event without its row", n(unknown.size())
                        + " unknown ids");
                out.check(unpublished == 0, "publication watermark at every chain head", n(unpublished) + " unpublished");
                out.check(brokenSequences == 0, "sequences 1..n and heads consistent (SQL)",
                        n(brokenSequences) + " accounts broken");
                out.check(chains.ok(), "chains verify (API)", chains.intact() + "/" + chains.accounts() + " intact, "
                        + n(chains.rowsVerified()) + " rows re-hashed"
                        + (chains.problems().isEmpty() ? "" : "; " + chains.problems().subList(0,
                        Math.min(3, chains.problems().size()))));
                out.check(lag == 0, "consumer group committed to the end", "lag " + lag);

                System.out.println();
                System.out.println("==== evidence-collector kill -9 check, run " + settings.run + " ====");
                System.out.printf("  %-30s %s%n", "produced", n(produced.records()) + " (" + n(load.invalid)
                        + " invalid)");
                System.out.printf("  %-30s %s%n", "stored at SIGKILL", n(storedAtKill) + String.format(" (%.1f %%)",
                        killedAt));
                System.out.printf("  %-30s %s%n", "uncommitted at SIGKILL", n(lagAtKill) + " records redelivered "
                        + "to collector #2");
                System.out.printf("  %-30s %s%n", "recognised as already stored",
                        String.format("%,.0f (evidence_events_duplicate_total of collector #2)",
                                metrics.getOrDefault("evidence_events_duplicate_total", Double.NaN)));
                System.out.printf("  %-30s %s%n", "stored in the end", n(rows));
                System.out.printf("  %-30s %s%n", "dead-lettered", n(dlq.distinctOrigins()) + " distinct, "
                        + n(dlq.records()) + " records");
                System.out.printf("  %-30s %s%n", "lost / duplicated", n(lost) + " / " + n(duplicateKeys));
                System.out.printf("  %-30s %s%n", "evidence-recorded", n(publishedIds.size()) + " distinct ids, "
                        + n(publishedRecords) + " records, " + n(missing.size()) + " missing");
                System.out.printf("  %-30s %s%n", "chains", chains.intact() + "/" + chains.accounts() + " intact");
                second.stop();
                int status = summary(out, first, second);
                if (!settings.keepTopics) {
                    kafka.deleteTopics(List.of(input, deadLetters, catalog, recorded));
                }
                return status;
            }
        }
    }

    private static int summary(BenchOutput out, CollectorProcess first, CollectorProcess second) {
        System.out.println("  checks:");
        out.checks().forEach(System.out::println);
        System.out.println("  logs: " + first.log() + (second == null ? "" : ", " + second.log()));
        System.out.println(out.failed() ? "RESULT: FAIL" : "RESULT: PASS");
        return out.failed() ? 1 : 0;
    }
}
