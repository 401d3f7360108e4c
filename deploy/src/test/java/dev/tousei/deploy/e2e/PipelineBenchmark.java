package dev.tousei.deploy.e2e;

import dev.tousei.evidence.bench.BenchKafka;
import dev.tousei.evidence.bench.BenchOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Whole-pipeline benchmark (issue 7): the four packaged services of {@link E2eStack}, a realistic load produced
 * straight into the run's aws-events topic at a fixed rate or as fast as possible, and
 * <ul>
 *   <li>throughput through the collector (evidence stored/s) and the assessment service (evidence applied/s), read
 *       every second from their /q/metrics counters over the window in which they rose;</li>
 *   <li>end-to-end latency of the control-changing events, from the record's Kafka timestamp on aws-events to the
 *       Kafka timestamp of the first control-status-changed CloudEvent resting on its evidence, and of the first
 *       alert-raised record naming it;</li>
 *   <li>CPU share and resident memory of each service process (/proc);</li>
 *   <li>a plain Kafka consume-and-Jackson-parse pass over the same aws-events records in the same run, and the
 *       ratios.</li>
 * </ul>
 * Not a test (no *Test / *IT name, so neither surefire nor failsafe runs it): {@code deploy/local/bench-pipeline}
 * starts it on its own databases. Options: {@code --rate} events/s (200) or {@code --max} with {@code --events} (10000),
 * {@code --seconds} at that rate (60), {@code --warmup-seconds} (10, at up to 100/s, not measured),
 * {@code --control-changing-fraction} (0.1), {@code --accounts} (50), {@code --drain-seconds} (300), {@code --seed}.
 * Exit status 1 when an event was not stored, or a control-changing event got no status change or alert.
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {
    }

    public static void main(String[] args) {
        BenchOptions options = new BenchOptions(args, Set.of("rate", "events", "seconds", "warmup-seconds",
                "control-changing-fraction", "accounts", "drain-seconds", "seed"), Set.of("max"));
        BenchOptions.exitWith(() -> run(options));
    }

    private static int run(BenchOptions options) throws Exception {
        Locale.setDefault(Locale.ROOT);
        boolean max = options.flag("max");
        double rate = max ? 0 : options.number("rate", 200);
        int seconds = options.integer("seconds", 60);
        int count = max ? options.integer("events", 10_000) : (int) Math.round(rate * seconds);
        double warmupRate = max ? 100 : Math.min(rate, 100);
        int warmupCount = (int) Math.round(warmupRate * options.integer("warmup-seconds", 10));
        double fraction = options.number("control-changing-fraction", 0.1);
        long seed = options.seed();
        BenchOutput out = new BenchOutput("bench-pipeline");
        String machine = machine();
        out.step(machine);

        E2eStack stack = E2eStack.get();
        PipelineLoad load = new PipelineLoad(seed, options.integer("accounts", 50), fraction,
                E2eStack.ROOT.resolve("catalog-service/src/main/resources/catalog"));
        List<PipelineLoad.Event> warmup = load.next(warmupCount);
        List<PipelineLoad.Event> events = load.next(count);
        out.step(String.format("load: %,d events (+%,d warm-up), %s, seed %d; mix %s", count, warmupCount,
                max ? "as fast as possible" : rate + "/s", seed, load.kinds()));

        PipelineQuiet quiet = new PipelineQuiet(stack);
        try (PipelineObserver observer = new PipelineObserver(stack);
             LoadSender sender = new LoadSender(E2eStack.KAFKA, stack.topics.awsEvents(), max);
             ServiceMeter meter = new ServiceMeter(stack)) {
            sender.send(warmup, warmupRate);
            double warmupDrain = quiet.await(Duration.ofSeconds(3), Duration.ofSeconds(120));
            out.step(String.format("warm-up: %,d events at %.0f/s, quiet after %.1f s", warmupCount, warmupRate,
                    warmupDrain));

            meter.start();
            double sendSeconds = sender.send(events, rate);
            out.step(String.format("sent %,d events in %.1f s (%,.0f/s)", count, sendSeconds, count / sendSeconds));
            double drain = quiet.await(Duration.ofSeconds(5), Duration.ofSeconds(options.integer("drain-seconds", 300)));
            out.step(drain >= 0 ? String.format("quiet %.1f s after the last send", drain)
                    : String.format("NOT quiet %.0f s after the last send; lags %s", -drain, quiet.lags()));
            Map<String, Double> cpu = meter.cpuShares();
            Map<String, long[]> memory = meter.residentMegabytes();
            double windowSeconds = sendSeconds + Math.abs(drain);
            meter.close();
            List<ServiceMeter.Sample> samples = meter.samples();
            ServiceMeter.Throughput stored = ServiceMeter.throughput(samples, ServiceMeter.Sample::stored);
            ServiceMeter.Throughput applied = ServiceMeter.throughput(samples, ServiceMeter.Sample::applied);
            PipelineObserver.Latencies toStatus = observer.toStatus(events, sender);
            PipelineObserver.Latencies findingToAlert = observer.toAlert(events, PipelineLoad.Kind.FINDING_HIGH, sender);
            PipelineObserver.Latencies stopToAlert = observer.toAlert(events, PipelineLoad.Kind.TRAIL_STOPPED, sender);
            long recorded = observer.recorded(events);

            // the baseline reads every record of aws-events (warm-up included) twice: cold, then warm
            BenchKafka kafka = new BenchKafka(E2eStack.KAFKA);
            long inTopic = kafka.endOffsetSum(stack.topics.awsEvents()); // with the stack's own warm-up events
            BenchKafka.Baseline cold = kafka.baseline(stack.topics.awsEvents(), inTopic, "bench-baseline-cold-"
                    + stack.run);
            BenchKafka.Baseline baseline = kafka.baseline(stack.topics.awsEvents(), inTopic, "bench-baseline-"
                    + stack.run);

            out.check(recorded == count, "every event stored and announced", String.format("%,d of %,d", recorded,
                    count));
            out.check(toStatus.missing() == 0, "every trail flip changed SEC4-1", String.format(
                    "%,d of %,d without a status change", toStatus.missing(), toStatus.expected()));
            out.check(findingToAlert.missing() == 0, "every high finding alerted", String.format(
                    "%,d of %,d without an alert-raised", findingToAlert.missing(), findingToAlert.expected()));

            System.out.println();
            System.out.printf("### Whole pipeline, %s (run %s)%n%n", max ? String.format("%,d events as fast as "
                    + "possible", count) : String.format("%.0f events/s for %d s", rate, seconds), stack.run);
            System.out.println(machine);
            System.out.println();
            System.out.println("| what | result |");
            System.out.println("|---|---|");
            row("load", String.format("%,d envelopes in %.1f s (%,.0f/s sent), %d accounts, %.0f %% control-changing "
                            + "(%,d trail flips, %,d high findings); %,d warm-up events before", count, sendSeconds,
                    count / sendSeconds, load.accounts().size(), 100 * fraction,
                    count(events, PipelineLoad.Kind.TRAIL_STOPPED) + count(events, PipelineLoad.Kind.TRAIL_STARTED),
                    count(events, PipelineLoad.Kind.FINDING_HIGH), warmupCount));
            row("evidence-collector: evidence stored", throughput(stored));
            row("assessment-service: evidence applied", throughput(applied));
            row("plain Kafka consume + Jackson parse (same records, same run)", String.format("**%,.0f/s** "
                    + "(cold pass %,.0f/s)", baseline.perSecond(), cold.perSecond()));
            // at a fixed rate the services only do what is offered: their ratio to the baseline is no maximum
            String offered = max ? "" : " (the offered rate, not a maximum: --max measures that)";
            row("ratio collector : baseline", ratio(stored.perSecond(), baseline.perSecond()) + offered);
            row("ratio assessment : baseline", ratio(applied.perSecond(), baseline.perSecond()) + offered);
            row("event in Kafka → control-status-changed in Kafka", latency(toStatus));
            row("high finding in Kafka → alert-raised in Kafka", latency(findingToAlert));
            // not a check: a StopLogging that reaches notification-service while the trail's alert is still open
            // (the PASSED of the StartLogging before it not yet there) is a repeat of that alert, not a new one
            row("StopLogging in Kafka → alert-raised in Kafka", latency(stopToAlert)
                    + (stopToAlert.missing() == 0 ? "" : "; the missing ones found the trail's alert still open"));
            for (String module : ServiceMeter.MODULES) {
                long[] rss = memory.get(module);
                row(module + " CPU / RSS / start", String.format("%.0f %% of one core over %.0f s; RSS peak %,d MB, "
                        + "at end %,d MB; started in %.2f s (Quarkus, next to the other services starting)",
                        100 * cpu.get(module), windowSeconds, rss[0], rss[1],
                        stack.service(module).quarkusStartSeconds()));
            }
            row("drain", drain >= 0 ? String.format("quiet %.1f s after the last send", drain)
                    : String.format("not quiet after %.0f s", -drain));
            row("machine load average at the end", loadAverage() + " (other work on the machine spoils the figures)");
            System.out.println();
            System.out.println("checks:");
            out.checks().forEach(System.out::println);
            System.out.println(out.failed() ? "RESULT: FAIL" : "RESULT: PASS");
            return out.failed() ? 1 : 0;
        }
    }

    private static long count(List<PipelineLoad.Event> events, PipelineLoad.Kind kind) {
        return events.stream().filter(event -> event.kind() == kind).count();
    }

    private static String throughput(ServiceMeter.Throughput throughput) {
        return String.format("**%,.0f/s** over %.0f s (%,.0f events); best 10 s %,.0f/s", throughput.perSecond(),
                throughput.seconds(), throughput.count(), throughput.best10s());
    }

    private static String ratio(double pipeline, double baseline) {
        return String.format("1 : %.0f", baseline / pipeline);
    }

    private static String latency(PipelineObserver.Latencies latencies) {
        List<Double> ms = latencies.millis();
        if (ms.isEmpty()) {
            return "none measured (" + latencies.expected() + " expected)";
        }
        return String.format("p50 **%s**, p95 **%s**, p99 **%s**, max %s (%,d events%s)",
                ms(BenchOutput.percentile(ms, 50)), ms(BenchOutput.percentile(ms, 95)),
                ms(BenchOutput.percentile(ms, 99)), ms(ms.get(ms.size() - 1)), ms.size(),
                latencies.missing() == 0 ? "" : String.format(", %,d without one", latencies.missing()));
    }

    private static String ms(double millis) {
        return millis >= 10_000 ? String.format("%.1f s", millis / 1000) : String.format("%.0f ms", millis);
    }

    private static void row(String what, String result) {
        System.out.println("| " + what + " | " + result + " |");
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim().split(" ", 4)[0];
    }

    /** Cores, memory, CPU model, OS, JDK and the load average at the start: the context the figures need. */
    static String machine() throws IOException {
        long memKb = 0;
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemTotal:")) {
                memKb = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter(line -> line.startsWith("model name")).findFirst()
                .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown CPU");
        String os = Files.readAllLines(Path.of("/etc/os-release")).stream()
                .filter(line -> line.startsWith("PRETTY_NAME=")).findFirst()
                .map(line -> line.substring(12).replace("\"", "")).orElse("Linux");
        String load = loadAverage();
        return String.format("Machine: %d cores (%s), %.1f GiB RAM, %s, Java %s; PostgreSQL, Kafka, Keycloak, the four "
                        + "services and this driver all on it; load average %s at the start.",
                Runtime.getRuntime().availableProcessors(), model, memKb / 1024.0 / 1024.0, os,
                System.getProperty("java.version"), load);
    }
}
