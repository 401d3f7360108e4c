package dev.tousei.evidence.bench;

import static dev.tousei.evidence.bench.BenchOutput.mb;
import static dev.tousei.evidence.bench.BenchOutput.n;
import static dev.tousei.evidence.bench.BenchOutput.rate;

import dev.tousei.evidence.pipeline.ShippedCatalogAccess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Throughput benchmark of the packaged evidence-collector against the local infrastructure. Not a test (surefire
 * ignores it); run by {@code deploy/local/bench-evidence [N]} from the {@code evidence-collector} folder.
 *
 * <ol>
 *   <li>fresh topics; the shipped catalog is published to the catalog topic;</li>
 *   <li>N realistic envelopes are produced into the input topic before anything consumes it (a backlog);</li>
 *   <li>baseline: a plain KafkaConsumer reads the same topic from its start and parses every value with Jackson;</li>
 *   <li>the database {@code evidence_bench} (the benchmark's own, created by deploy/local/bench-evidence) is
 *       emptied and the collector started as a child process ({@code java -jar}) with its own topics, group, database and HTTP port;</li>
 *   <li>sustained throughput: stored rows from the first to the last, and evidence-recorded events published;
 *       the collector's CPU and peak RSS; CPU per process group on the machine;</li>
 *   <li>checks: stored + dead-lettered == produced (− intended duplicates), no duplicate dedup keys, every row
 *       announced on evidence-recorded, every account's chain verifies through the API.</li>
 * </ol>
 *
 * Options: {@code [N] --accounts 50 --control-fraction 0.2 --invalid-fraction 0.005 --duplicate-fraction 0
 * --seed S --http-port 18082 --database evidence_bench --jar target/quarkus-app/quarkus-run.jar
 * --collector-java-opts "..." --verify-accounts all|K --profile DIR (JFR + thread dumps of the collector)}.
 */
public final class EvidenceBenchmark {

    private EvidenceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchOutput.quietLibraries();
        BenchSettings settings = new BenchSettings(args, 200_000);
        BenchOutput out = new BenchOutput("bench");
        int status = run(settings, out);
        System.exit(status);
    }

    private static int run(BenchSettings settings, BenchOutput out) throws Exception {
        String input = "bench.aws.events." + settings.run;
        String deadLetters = "dlq.evidence-collector." + input;
        String catalog = "bench.catalog.control-changed." + settings.run;
        String recorded = "bench.evidence-recorded." + settings.run;
        String group = "evidence-collector-bench-" + settings.run;
        BenchKafka kafka = new BenchKafka(settings.bootstrap);
        int cores = Runtime.getRuntime().availableProcessors();
        out.step(String.format("run %s: %s envelopes, %d accounts, %.1f %% control-relevant, %.2f %% invalid, "
                        + "%.2f %% duplicates, seed %d; %d cores", settings.run, n(settings.events), settings.accounts,
                100 * settings.controlFraction, 100 * settings.invalidFraction, 100 * settings.duplicateFraction,
                settings.seed, cores));

        // 0. is the machine quiet? (another build or test run on the same cores spoils every figure)
        CpuMeter idle = new CpuMeter(-1);
        CpuMeter.Snapshot quietFrom = idle.snapshot();
        Thread.sleep(3000);
        double[] busy = new double[1];
        String busiest = CpuMeter.others(quietFrom, idle.snapshot(), busy);
        if (busy[0] > 0.15) {
            out.step(String.format("WARNING: the machine is not quiet: other processes used %.0f %% of a core over 3 s;"
                    + " figures will be low%s", 100 * busy[0], busiest));
        } else {
            out.step(String.format("machine quiet: other processes used %.0f %% of a core over 3 s", 100 * busy[0]));
        }

        // 1. topics and catalog
        kafka.createTopics(List.of(input, deadLetters, catalog, recorded));
        int controls = ShippedCatalogAccess.publishTo(settings.bootstrap, catalog);
        out.step("topics " + input + ", " + deadLetters + ", " + catalog + ", " + recorded + " created; catalog: "
                + controls + " control-changed events published");

        // 2. the load
        long generateStart = System.nanoTime();
        EnvelopeMix mix = new EnvelopeMix(settings.seed, settings.accounts, settings.controlFraction,
                settings.invalidFraction, ShippedCatalogAccess.catalogDirectory());
        Load load = generate(mix, settings);
        out.step(String.format("generated %s records in %.1f s (mean %,d B; %s invalid, %s duplicates; %d mapped "
                        + "Config rules)", n(load.records.size()), (System.nanoTime() - generateStart) / 1e9,
                load.bytes / load.records.size(), n(load.invalid), n(load.duplicates), mix.mappedConfigRuleCount()));
        out.step("mix: " + mix.kinds());
        BenchKafka.Produced produced = kafka.produce(input, load.records);
        out.step(String.format("produced %s records (%s) in %.1f s: %s, %.1f MB/s", n(produced.records()),
                mb(produced.bytes()), produced.nanos() / 1e9, rate(produced.perSecond()),
                produced.bytes() / 1e6 / (produced.nanos() / 1e9)));
        long expectedStored = produced.records() - load.invalid - load.duplicates;
        long expectedTotal = produced.records() - load.duplicates;
        load.records.clear();

        // 3. baseline
        // twice: the first pass includes class loading and JIT warm-up, the second is the steady state the
        // collector's much longer run is compared with
        BenchKafka.Baseline coldBaseline = kafka.baseline(input, produced.records(), "bench-baseline-cold-"
                + settings.run);
        out.step(String.format("baseline pass 1 (cold JVM): %s records (%s parsed) in %.2f s: %s",
                n(coldBaseline.records()), n(coldBaseline.parsed()), coldBaseline.nanos() / 1e9,
                rate(coldBaseline.perSecond())));
        BenchKafka.Baseline baseline = kafka.baseline(input, produced.records(), "bench-baseline-" + settings.run);
        out.step(String.format("baseline pass 2 (warm): %s records (%s parsed) in %.2f s: %s",
                n(baseline.records()), n(baseline.parsed()), baseline.nanos() / 1e9, rate(baseline.perSecond())));

        // 4. database
        try (BenchDb db = new BenchDb(settings)) {
            long others = db.otherSessions();
            if (others > 0) {
                out.step("WARNING: " + others + " other session(s) on " + settings.database
                        + " (a @QuarkusTest run cleans this database at start and would spoil the run)");
            }
            if (db.schemaExists()) {
                db.truncate();
                out.step("truncated evidence, chain_head, chain_anchor in " + settings.database);
            } else {
                out.step("no schema in " + settings.database + " yet: the collector's Flyway creates it (empty)");
            }

            // 5. the collector
            Map<String, String> environment = CollectorProcess.environment(settings, input, deadLetters, catalog,
                    recorded, group);
            try (BenchKafka.RecordedTracker tracker = kafka.new RecordedTracker(recorded)) {
                CollectorProcess collector = CollectorProcess.start(settings, environment, "collector");
                out.step("collector started, pid " + collector.pid() + ", log " + collector.log());
                double ready = collector.awaitReady(Duration.ofMinutes(3));
                out.step(String.format("collector ready after %.1f s (catalog copy caught up; consuming)", ready));
                CpuMeter meter = new CpuMeter(collector.pid());
                Profiler profiler = new Profiler(settings.profileDir, collector, out, settings);
                StoredProgress progress = new StoredProgress();
                StoredProgress.End end = progress.watch(db, kafka, deadLetters, collector, meter, expectedTotal,
                        settings.stallSeconds, 500, out, sample -> {
                            profiler.onSample(sample);
                            return false;
                        });
                profiler.stop();
                out.step("consumption ended: " + end);

                // 6. settle and check
                long rows = db.count();
                long settleDeadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < settleDeadline
                        && (tracker.distinct() < rows || db.unpublished() > 0 || kafka.groupLag(group, input) != 0)) {
                    Thread.sleep(500);
                }
                Map<String, Double> metrics = collector.metrics();
                long[] memory = collector.memoryKb();
                double cpuTotal = collector.cpuSeconds();
                BenchKafka.DeadLetters dlq = kafka.deadLetters(deadLetters);
                long duplicateKeys = db.duplicateDedupKeys();
                long unpublished = db.unpublished();
                long withEffects = db.withControlEffects();
                long brokenSequences = db.brokenSequences();
                long lag = kafka.groupLag(group, input);
                Set<String> storedIds = db.evidenceIds();
                Set<String> publishedIds = tracker.ids();
                long publishedRecords = tracker.records();
                Set<String> missing = new HashSet<>(storedIds);
                missing.removeAll(publishedIds);
                Set<String> unknown = new HashSet<>(publishedIds);
                unknown.removeAll(storedIds);
                Map<String, Long> perAccount = db.rowsPerAccount();
                out.step("verifying " + Math.min(perAccount.size(), settings.verifyAccounts) + " account chains through "
                        + "GET /api/v1/chains/{account}/verification");
                ChainVerification.Result chains = ChainVerification.verify(settings, perAccount,
                        settings.verifyAccounts);
                String tableSize = db.tableSize();
                double span = db.recordedSpanSeconds();
                long firstBatch = db.firstBatchRows();
                int exit = collector.stop();
                out.step("collector stopped (exit status " + exit + ")");

                // figures
                StoredProgress.Sample first = progress.first();
                StoredProgress.Sample last = progress.last();
                double window = first == null ? Double.NaN : (last.nanos() - first.nanos()) / 1e9;
                double sustained = first == null ? 0 : (last.stored() - first.stored()) / window;
                double fromReady = first == null ? 0
                        : last.stored() / ((last.nanos() - progress.samples().get(0).nanos()) / 1e9);
                double byTimestamps = span > 0 ? (rows - firstBatch) / span : Double.NaN;
                double recordedRate = tracker.lastNanos() > tracker.firstNanos()
                        ? tracker.distinct() / ((tracker.lastNanos() - tracker.firstNanos()) / 1e9) : Double.NaN;
                List<Double> windows = progress.intervalRates();
                double windowCpu = first == null ? Double.NaN : last.collectorCpu() - first.collectorCpu();
                long windowRows = first == null ? 0 : last.stored() - first.stored();
                double batches = metrics.getOrDefault("evidence_batch_processing_seconds_count", Double.NaN);
                double batchSum = metrics.getOrDefault("evidence_batch_processing_seconds_sum", Double.NaN);
                double batchMax = metrics.getOrDefault("evidence_batch_processing_seconds_max", Double.NaN);
                double gcCount = metrics.getOrDefault("jvm_gc_pause_seconds_count", Double.NaN);
                double gcSum = metrics.getOrDefault("jvm_gc_pause_seconds_sum", Double.NaN);

                out.check(end == StoredProgress.End.COMPLETE, "consumption completed", end.name());
                out.check(rows + dlq.distinctOrigins() == expectedTotal, "stored + dead-lettered == produced",
                        n(rows) + " + " + n(dlq.distinctOrigins()) + " == " + n(expectedTotal)
                                + (load.duplicates > 0 ? " (" + n(produced.records()) + " produced − " + n(load.duplicates)
                                + " intended duplicates)" : ""));
                out.check(rows == expectedStored, "stored == valid envelopes generated",
                        n(rows) + " == " + n(expectedStored));
                out.check(dlq.distinctOrigins() == load.invalid, "dead-lettered == invalid envelopes generated",
                        n(dlq.distinctOrigins()) + " == " + n(load.invalid) + " " + dlq.reasons()
                                + (dlq.records() != dlq.distinctOrigins() ? ", " + n(dlq.records()) + " DLQ records" : ""));
                out.check(duplicateKeys == 0, "no duplicate evidence (dedup_key)", n(duplicateKeys) + " duplicates");
                out.check(missing.isEmpty() && unknown.isEmpty() && unpublished == 0,
                        "every stored row announced on evidence-recorded",
                        n(publishedIds.size()) + " distinct ids published (" + n(publishedRecords) + " records) for "
                                + n(storedIds.size()) + " rows; missing " + n(missing.size()) + ", unknown "
                                + n(unknown.size()) + ", above the publication watermark " + n(unpublished));
                out.check(brokenSequences == 0, "sequences 1..n and heads consistent (SQL)",
                        n(brokenSequences) + " accounts broken");
                out.check(chains.ok(), "chains verify (API)", chains.intact() + "/" + chains.accounts()
                        + " intact, " + n(chains.rowsVerified()) + " rows re-hashed in "
                        + String.format("%.1f s", chains.seconds())
                        + (chains.problems().isEmpty() ? "" : "; " + chains.problems().subList(0,
                        Math.min(3, chains.problems().size()))));
                out.check(lag == 0, "consumer group committed to the end", "lag " + lag);

                System.out.println();
                System.out.println("==== evidence-collector throughput, run " + settings.run + " ("
                        + cores + " cores; PostgreSQL, Kafka, Keycloak and this driver on the same machine) ====");
                row("load", n(produced.records()) + " envelopes, " + mb(produced.bytes()) + ", mean "
                        + produced.bytes() / produced.records() + " B; " + settings.accounts + " accounts; "
                        + n(load.invalid) + " invalid; " + n(withEffects) + " rows (" + String.format("%.1f %%",
                        100.0 * withEffects / Math.max(1, rows)) + ") with a control effect");
                row("produce (acks=all)", rate(produced.perSecond()));
                row("BASELINE consume+parse", rate(baseline.perSecond()) + "  (KafkaConsumer, max.poll.records "
                        + "1000, Jackson readTree; warm pass, " + String.format("%.2f s", baseline.nanos() / 1e9)
                        + "; cold first pass " + rate(coldBaseline.perSecond()) + ")");
                row("COLLECTOR stored", rate(sustained) + "  sustained, first→last stored row: "
                        + n(windowRows) + " rows in " + String.format("%.1f s", window));
                row("  by recorded_at", rate(byTimestamps) + "  ((rows − first batch) / (max − min recorded_at))");
                row("  incl. first batch", rate(fromReady) + "  (all rows / ready→last row)");
                row("  per 500 ms window", String.format("p1 %s  p50 %s  p99 %s  (%d windows)",
                        rate(BenchOutput.percentile(windows, 1)), rate(BenchOutput.percentile(windows, 50)),
                        rate(BenchOutput.percentile(windows, 99)), windows.size()));
                row("COLLECTOR published", rate(recordedRate) + "  evidence-recorded (distinct ids, first→last "
                        + "arrival)");
                row("RATIO collector/base", String.format("%.4f  (1 : %.0f)", sustained / baseline.perSecond(),
                        baseline.perSecond() / sustained));
                row("collector start", String.format("%.1f s to ready", ready));
                row("collector CPU", String.format("%.1f s total (incl. start), %.1f s in the window = %.0f %% of one "
                                + "core, %.0f µs CPU per event", cpuTotal, windowCpu, 100 * windowCpu / window,
                        1e6 * windowCpu / Math.max(1, windowRows)));
                row("collector memory", String.format("max RSS (VmHWM) %,d MB; RSS at end %,d MB", memory[0] / 1024,
                        memory[1] / 1024));
                row("batches (Micrometer)", String.format("%,.0f batches, mean %.1f ms, max %.0f ms, mean %.0f "
                                + "events/batch", batches, 1000 * batchSum / batches, 1000 * batchMax,
                        metrics.getOrDefault("evidence_events_in_total", Double.NaN) / batches));
                row("GC", String.format("%,.0f pauses, %.2f s total", gcCount, gcSum));
                row("evidence table", tableSize + " (heap + toast + indexes)");
                if (first != null) {
                    System.out.println("  CPU in the window by process group:");
                    System.out.print(CpuMeter.describe(first.cpu(), last.cpu()));
                    System.out.println("  collector threads in the window (busiest; names cut to 15 characters by "
                            + "Linux):");
                    last.threads().entrySet().stream()
                            .map(entry -> Map.entry(entry.getKey(),
                                    entry.getValue() - first.threads().getOrDefault(entry.getKey(), 0L)))
                            .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(6)
                            .forEach(entry -> System.out.printf("    %-16s %6.1f s CPU = %4.0f %% of one core%n",
                                    entry.getKey(), entry.getValue() / CpuMeter.TICKS_PER_SECOND,
                                    100 * entry.getValue() / CpuMeter.TICKS_PER_SECOND / window));
                    double[] otherShare = new double[1];
                    String otherTop = CpuMeter.others(first.cpu(), last.cpu(), otherShare);
                    if (otherShare[0] > 0.15) {
                        System.out.printf("    WARNING: processes outside the benchmark used %.0f %% of a core in "
                                + "the window; the figures are not clean:%s%n", 100 * otherShare[0], otherTop);
                    }
                }
                System.out.println("  checks:");
                out.checks().forEach(System.out::println);
                System.out.println("  collector log: " + collector.log());
                if (settings.profileDir != null) {
                    System.out.println("  profile: " + settings.profileDir);
                }
                System.out.println(out.failed() ? "RESULT: FAIL" : "RESULT: PASS");
                if (!settings.keepTopics) {
                    kafka.deleteTopics(List.of(input, deadLetters, catalog, recorded));
                }
                return out.failed() ? 1 : 0;
            }
        }
    }

    private static void row(String name, String value) {
        System.out.printf("  %-24s %s%n", name, value);
    }

    /** The generated load: records in production order, and what was deliberately broken or repeated. */
    static final class Load {
        final List<EnvelopeMix.Generated> records = new ArrayList<>();
        long invalid;
        long duplicates;
        long bytes;
    }

    /**
     * {@code settings.events} records; with {@code --duplicate-fraction}, that share repeats a recent valid record
     * (redelivery, as EventBridge's at-least-once delivery does), which the collector must store once.
     */
    static Load generate(EnvelopeMix mix, BenchSettings settings) {
        Load load = new Load();
        SplittableRandom random = new SplittableRandom(settings.seed ^ 0x5DEECE66DL);
        List<EnvelopeMix.Generated> recent = new ArrayList<>();
        for (int i = 0; i < settings.events; i++) {
            EnvelopeMix.Generated record;
            if (!recent.isEmpty() && random.nextDouble() < settings.duplicateFraction) {
                record = recent.get(random.nextInt(recent.size()));
                load.duplicates++;
            } else {
                record = mix.next();
                if (record.invalid()) {
                    load.invalid++;
                } else if (settings.duplicateFraction > 0) {
                    if (recent.size() < 1000) {
                        recent.add(record);
                    } else {
                        recent.set(random.nextInt(recent.size()), record);
                    }
                }
            }
            load.bytes += record.value().length;
            load.records.add(record);
        }
        return load;
    }

    /**
     * With --profile DIR: JFR (settings=profile) over the sustained window, a thread dump every 10 s (at most 6: each jcmd
     * is a JVM start, visible as "other" CPU), and a wall-clock
     * sample of what the collector's database sessions do (pg_stat_activity every 20 ms): which statement is running,
     * or idle, or idle in transaction (the collector works between two statements of its transaction).
     */
    static final class Profiler {
        private final Path directory;
        private final CollectorProcess collector;
        private final BenchOutput out;
        private final BenchSettings settings;
        private boolean started;
        private long lastDump;
        private int dumps;
        private volatile boolean sampling;
        private Thread sampler;
        private final Map<String, Long> activity = new java.util.TreeMap<>();
        private long samples;
        private long samplesWithWork;

        Profiler(Path directory, CollectorProcess collector, BenchOutput out, BenchSettings settings) {
            this.directory = directory;
            this.collector = collector;
            this.out = out;
            this.settings = settings;
        }

        private void samplePostgres() {
            try (java.sql.Connection connection = java.sql.DriverManager.getConnection(settings.jdbcUrl(),
                    settings.dbUser, settings.dbPassword);
                 java.sql.PreparedStatement statement = connection.prepareStatement("""
                         select state, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) from pg_stat_activity
                         where datname = current_database() and pid <> pg_backend_pid()
                           and application_name not like 'PostgreSQL JDBC%'""")) {
                while (sampling) {
                    boolean work = false;
                    try (java.sql.ResultSet rows = statement.executeQuery()) {
                        while (rows.next()) {
                            String state = rows.getString(1) == null ? "(hidden: autovacuum or another role)"
                                    : rows.getString(1);
                            if ("idle".equals(state)) {
                                continue;
                            }
                            work = true;
                            String key = "active".equals(state) ? "active: " + rows.getString(2) : state;
                            activity.merge(key, 1L, Long::sum);
                        }
                    }
                    samples++;
                    if (work) {
                        samplesWithWork++;
                    }
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                out.step("pg_stat_activity sampling stopped: " + e);
            }
        }

        void onSample(StoredProgress.Sample sample) {
            if (directory == null || sample.stored() <= 0) {
                return;
            }
            try {
                if (!started) {
                    started = true;
                    Files.createDirectories(directory);
                    sampling = true;
                    sampler = new Thread(this::samplePostgres, "pg-activity-sampler");
                    sampler.setDaemon(true);
                    sampler.start();
                    out.step("profiling: " + collector.jcmd("JFR.start", "name=bench", "settings=profile",
                            "filename=" + directory.resolve("collector.jfr")).trim().replace('\n', ' '));
                }
                if (sample.nanos() - lastDump > 10_000_000_000L && dumps < 6) {
                    lastDump = sample.nanos();
                    Files.writeString(directory.resolve(String.format("threads-%02d.txt", ++dumps)),
                            collector.jcmd("Thread.print"));
                }
            } catch (Exception e) {
                out.step("profiling failed: " + e.getMessage());
            }
        }

        void stop() {
            if (!started) {
                return;
            }
            out.step("profiling: " + collector.jcmd("JFR.stop", "name=bench").trim().replace('\n', ' '));
            sampling = false;
            try {
                sampler.join(5000);
                StringBuilder text = new StringBuilder(String.format(
                        "pg_stat_activity every 20 ms: %d samples, %d (%.0f %%) with a collector session not idle%n"
                                + "share of samples (sessions can overlap):%n", samples, samplesWithWork,
                        100.0 * samplesWithWork / Math.max(1, samples)));
                activity.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                        .forEach(entry -> text.append(String.format("  %5.1f %%  %s%n",
                                100.0 * entry.getValue() / Math.max(1, samples), entry.getKey())));
                Files.writeString(directory.resolve("pg-activity.txt"), text);
                System.out.print(text);
            } catch (Exception e) {
                out.step("could not write pg-activity.txt: " + e.getMessage());
            }
        }
    }
}
