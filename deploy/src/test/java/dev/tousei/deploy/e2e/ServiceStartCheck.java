package dev.tousei.deploy.e2e;

import dev.tousei.evidence.bench.BenchOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Start time and resident memory of each service alone on a quiet machine (issue 7: each under 3 s and 300 MB).
 *
 * <p>The end-to-end stack is started (on the pipeline databases), then each service in turn is stopped gracefully and
 * started again alone, {@code --repeats} times, with its pods' JVM options and, when the build made one
 * ({@code quarkus.package.jar.appcds.enabled}), with its AppCDS archive too, alternating, so both variants see the same
 * machine. Per start: Quarkus' own "started in" (JVM start to accepting requests), the time until {@code
 * /q/health/ready} answers (Kafka partitions assigned, catalog copy loaded), and VmRSS once ready and after a few
 * seconds. Not a test: {@code deploy/local/bench-start}. Exit status 1 when a service never became ready.
 */
public final class ServiceStartCheck {

    private static final List<String> MODULES = List.of(E2eStack.CATALOG, E2eStack.EVIDENCE, E2eStack.ASSESSMENT,
            E2eStack.NOTIFICATION);

    private ServiceStartCheck() {
    }

    public static void main(String[] args) {
        BenchOptions options = new BenchOptions(args, Set.of("repeats", "settle-seconds"), Set.of());
        BenchOptions.exitWith(() -> run(options));
    }

    private record Start(double quarkusSeconds, double readySeconds, long rssReadyMb, long rssSettledMb) {
    }

    private static int run(BenchOptions options) throws Exception {
        Locale.setDefault(Locale.ROOT);
        int repeats = options.integer("repeats", 3);
        Duration settle = Duration.ofSeconds(options.integer("settle-seconds", 5));
        BenchOutput out = new BenchOutput("bench-start");
        out.step(PipelineBenchmark.machine());
        E2eStack stack = E2eStack.get();

        Map<String, Map<String, List<Start>>> results = new LinkedHashMap<>();
        for (String module : MODULES) {
            Map<String, List<String>> variants = new LinkedHashMap<>();
            variants.put("pods' JVM options", List.of());
            Path archive = E2eStack.ROOT.resolve(module).resolve("target/quarkus-app/app-cds.jsa");
            if (Files.isRegularFile(archive)) {
                variants.put("+ AppCDS archive", List.of("-XX:SharedArchiveFile=" + archive.getFileName(), "-Xshare:auto"));
            }
            Map<String, List<Start>> byVariant = results.computeIfAbsent(module, m -> new LinkedHashMap<>());
            for (int i = 0; i < repeats; i++) {
                for (Map.Entry<String, List<String>> variant : variants.entrySet()) {
                    stack.stop(module);
                    Await.sleep(Duration.ofSeconds(2)); // the stop's own work done before the clock starts
                    double ready = stack.restart(module, Duration.ofSeconds(120), variant.getValue());
                    ServiceProcess process = stack.service(module);
                    long rssReady = process.residentMegabytes();
                    Await.sleep(settle);
                    Start start = new Start(process.quarkusStartSeconds(), ready, rssReady,
                            process.residentMegabytes());
                    byVariant.computeIfAbsent(variant.getKey(), v -> new ArrayList<>()).add(start);
                    out.step(String.format("%s, %s: started in %.2f s (Quarkus), ready %.2f s, RSS %d MB ready, "
                                    + "%d MB %d s later", module, variant.getKey(), start.quarkusSeconds(), ready,
                            rssReady, start.rssSettledMb(), settle.toSeconds()));
                }
            }
        }

        System.out.println();
        System.out.printf("### Start and memory of each service alone (run %s, median of %d)%n%n", stack.run, repeats);
        System.out.println(PipelineBenchmark.machine());
        System.out.println("JVM options (the pods'): " + ServiceProcess.JAVA_OPTIONS);
        System.out.println();
        System.out.println("| service | JVM | started in (Quarkus) | ready (/q/health/ready) | RSS when ready | RSS "
                + settle.toSeconds() + " s later |");
        System.out.println("|---|---|---|---|---|---|");
        results.forEach((module, byVariant) -> byVariant.forEach((variant, starts) -> System.out.printf(
                "| %s | %s | %.2f s | %.2f s | %d MB | %d MB |%n", module, variant,
                median(starts.stream().map(Start::quarkusSeconds).toList()),
                median(starts.stream().map(Start::readySeconds).toList()),
                Math.round(median(starts.stream().map(s -> (double) s.rssReadyMb()).toList())),
                Math.round(median(starts.stream().map(s -> (double) s.rssSettledMb()).toList())))));
        return 0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }
}
