package dev.tousei.deploy.e2e;

import dev.tousei.evidence.bench.BenchOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Fault check (issue 7): under load, kill -9 of each service in turn then restart, and restarts of the Kafka broker and
 * of PostgreSQL; nothing may be lost or duplicated and the end state must be what a clean run of the same load gives.
 *
 * <ol>
 *   <li>Faults: the load (background mix + trail flips + high findings) is sent at a steady rate; meanwhile, an
 *       interval apart, each fault of {@code --faults} in turn: a service (evidence-collector, assessment-service,
 *       notification-service, catalog-service) killed with SIGKILL and started again (same database, topics and
 *       groups); {@code kafka} killed with SIGKILL, or {@code postgres} stopped in immediate mode (crash recovery at
 *       start), for {@code --down-seconds} and started again by {@code deploy/local/restart-infra}, the services left
 *       alone: they must still be the same processes and answer ready again by themselves. The load goes on until an
 *       interval after the last fault, then the pipeline is left to go quiet.</li>
 *   <li>Reference: the same events in other accounts (fresh event ids), sent as fast as possible into the same stack
 *       with nothing killed, and left to go quiet.</li>
 *   <li>Tally: events sent; evidence rows per source event in the collector's database (0 lost, 0 duplicated);
 *       every account's control statuses and alerts (kind, control, resource, finding type, state) equal to its
 *       reference account's; and, from the inputs alone, SEC4-1 FAILED with the trail's alert open where the last
 *       flip stopped the trail, PASSED with it resolved where it started it, one open alert per high finding.</li>
 * </ol>
 * Not a test: {@code deploy/local/fault-kill-services} (the four services) and {@code deploy/local/fault-restart-infra}
 * (Kafka and PostgreSQL) run it on its own databases. Options: {@code --faults} (comma-separated, default the four
 * services), {@code --rate} (20), {@code --kill-interval} seconds before each fault and after the last (20),
 * {@code --down-seconds} of an infrastructure outage (5), {@code --accounts} (20), {@code --control-changing-fraction}
 * (0.2), {@code --drain-seconds} (600), {@code --seed}. Exit status 1 on any mismatch.
 */
public final class ServiceKillCheck {

    private static final List<String> SERVICES = List.of(E2eStack.EVIDENCE, E2eStack.ASSESSMENT,
            E2eStack.NOTIFICATION, E2eStack.CATALOG);
    private static final List<String> INFRASTRUCTURE = List.of("kafka", "postgres");

    private ServiceKillCheck() {
    }

    public static void main(String[] args) {
        BenchOptions options = new BenchOptions(args, Set.of("faults", "rate", "kill-interval",
                "down-seconds", "accounts", "control-changing-fraction", "drain-seconds", "seed"), Set.of());
        BenchOptions.exitWith(() -> run(options));
    }

    private static int run(BenchOptions options) throws Exception {
        Locale.setDefault(Locale.ROOT);
        double rate = options.number("rate", 20);
        Duration gap = Duration.ofSeconds(options.integer("kill-interval", 20));
        int downSeconds = options.integer("down-seconds", 5);
        List<String> faults = List.of(options.text("faults", String.join(",", SERVICES)).split(","));
        faults.stream().filter(fault -> !SERVICES.contains(fault) && !INFRASTRUCTURE.contains(fault)).findFirst()
                .ifPresent(unknown -> {
                    throw new IllegalArgumentException("unknown fault " + unknown + " (known: " + SERVICES + ", "
                            + INFRASTRUCTURE + ")");
                });
        long seed = options.seed();
        Duration drainTimeout = Duration.ofSeconds(options.integer("drain-seconds", 600));
        BenchOutput out = new BenchOutput(faults.stream().allMatch(SERVICES::contains) ? "fault-kill-services"
                : "fault-restart-infra");
        out.step(PipelineBenchmark.machine());

        E2eStack stack = E2eStack.get();
        PipelineLoad load = new PipelineLoad(seed, options.integer("accounts", 20),
                options.number("control-changing-fraction", 0.2),
                E2eStack.ROOT.resolve("catalog-service/src/main/resources/catalog"));
        PipelineQuiet quiet = new PipelineQuiet(stack);

        // 1. steady load; each service killed and restarted in turn while it runs, the load going on until the last
        //    one is back and a further interval has passed
        List<String> kills = new ArrayList<>();
        List<PipelineLoad.Event> faulted;
        try (LoadSender sender = new LoadSender(E2eStack.KAFKA, stack.topics.awsEvents(), false)) {
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<List<PipelineLoad.Event>> sending = CompletableFuture.supplyAsync(
                    () -> sender.sendUntil(load::next, rate, stop::get));
            long started = System.nanoTime();
            for (String fault : faults) {
                Await.sleep(gap);
                long sent = sender.acknowledged();
                Map<String, Long> lags = quiet.lags();
                double at = (System.nanoTime() - started) / 1e9;
                String line = SERVICES.contains(fault) ? killAndRestart(stack, fault)
                        : restartInfrastructure(stack, fault, downSeconds, out);
                line = String.format("%s at %.0f s with %,d events sent and consumer lags %s: %s", fault, at, sent,
                        lags.values(), line);
                kills.add(line);
                out.step(line);
            }
            Await.sleep(gap);
            stop.set(true);
            faulted = sending.get();
            double sendSeconds = (System.nanoTime() - started) / 1e9;
            double drained = quiet.await(Duration.ofSeconds(5), drainTimeout);
            out.step(String.format("faulted load: %,d events in %.0f s (%.0f/s), quiet %s; mix %s", faulted.size(),
                    sendSeconds, faulted.size() / sendSeconds, drained >= 0 ? String.format("%.1f s later", drained)
                            : "NOT reached: " + quiet.lags(), load.kinds()));
        }

        // 2. the clean reference: the same events in other accounts, nothing killed
        Map<String, String> accountMap = otherAccounts(load.accounts(), seed);
        List<PipelineLoad.Event> reference = PipelineLoad.inOtherAccounts(faulted, accountMap);
        try (LoadSender sender = new LoadSender(E2eStack.KAFKA, stack.topics.awsEvents(), true)) {
            double sent = sender.send(reference, 0);
            double drained = quiet.await(Duration.ofSeconds(5), drainTimeout);
            out.step(String.format("reference: %,d events sent in %.1f s, quiet %s", reference.size(), sent,
                    drained >= 0 ? String.format("%.1f s later", drained) : "NOT reached: " + quiet.lags()));
        }

        // 3. the tally
        Tally referenceTally = Tally.of(reference);
        Tally faultTally = Tally.of(faulted);
        Map<String, Map<String, String>> faultStatuses = PipelineDb.statuses(accountMap.keySet());
        Map<String, Map<String, String>> referenceStatuses = PipelineDb.statuses(accountMap.values());
        Map<String, List<PipelineDb.Alert>> faultAlerts = PipelineDb.alerts(accountMap.keySet());
        Map<String, List<PipelineDb.Alert>> referenceAlerts = PipelineDb.alerts(accountMap.values());
        List<String> statusDiffs = new ArrayList<>();
        List<String> alertDiffs = new ArrayList<>();
        long statusCount = 0;
        long alertCount = 0;
        for (Map.Entry<String, String> pair : accountMap.entrySet()) {
            Map<String, String> expected = referenceStatuses.getOrDefault(pair.getValue(), Map.of());
            Map<String, String> actual = faultStatuses.getOrDefault(pair.getKey(), Map.of());
            statusCount += actual.size();
            Set<String> controls = new HashSet<>(expected.keySet());
            controls.addAll(actual.keySet());
            for (String control : controls) {
                if (!java.util.Objects.equals(expected.get(control), actual.get(control))) {
                    statusDiffs.add(pair.getKey() + "/" + control + ": " + actual.get(control) + ", clean run "
                            + expected.get(control));
                }
            }
            List<PipelineDb.Alert> expectedAlerts = sorted(referenceAlerts.getOrDefault(pair.getValue(), List.of()));
            List<PipelineDb.Alert> actualAlerts = sorted(faultAlerts.getOrDefault(pair.getKey(), List.of()));
            alertCount += actualAlerts.size();
            if (!expectedAlerts.equals(actualAlerts)) {
                List<PipelineDb.Alert> extra = new ArrayList<>(actualAlerts);
                expectedAlerts.forEach(extra::remove);
                List<PipelineDb.Alert> lacking = new ArrayList<>(expectedAlerts);
                actualAlerts.forEach(lacking::remove);
                alertDiffs.add(pair.getKey() + ": extra " + extra + ", lacking " + lacking);
            }
        }
        List<String> inputDiffs = fromInputs(faulted, faultStatuses, faultAlerts);

        System.out.println();
        System.out.printf("### %s under load (run %s)%n%n", String.join(", ", faults), stack.run);
        System.out.println(PipelineBenchmark.machine());
        System.out.println();
        System.out.println("| what | reference (clean) | faulted |");
        System.out.println("|---|---|---|");
        System.out.printf("| events sent | %,d, as fast as possible | %,d at %.0f/s |%n", reference.size(),
                faulted.size(), rate);
        System.out.printf("| evidence stored (distinct source events) | %,d | %,d |%n", referenceTally.stored,
                faultTally.stored);
        System.out.printf("| lost | %,d | **%,d** |%n", referenceTally.lost, faultTally.lost);
        System.out.printf("| duplicated | %,d | **%,d** |%n", referenceTally.duplicated, faultTally.duplicated);
        System.out.printf("| control statuses (account × control) | %,d | %,d, **%,d** differ from the clean run |%n",
                referenceStatuses.values().stream().mapToLong(Map::size).sum(), statusCount, statusDiffs.size());
        System.out.printf("| alerts | %,d | %,d, **%,d** accounts differ from the clean run |%n",
                referenceAlerts.values().stream().mapToLong(List::size).sum(), alertCount, alertDiffs.size());
        System.out.printf("| SEC4-1 and alerts as the inputs imply | | **%,d** mismatches |%n", inputDiffs.size());
        System.out.println();
        kills.forEach(line -> System.out.println("- " + line));
        out.check(faultTally.lost == 0 && referenceTally.lost == 0, "0 evidence lost",
                faultTally.lost + " (reference " + referenceTally.lost + ")" + faultTally.sample);
        out.check(faultTally.duplicated == 0 && referenceTally.duplicated == 0, "0 evidence duplicated",
                faultTally.duplicated + " (reference " + referenceTally.duplicated + ")");
        out.check(statusDiffs.isEmpty(), "statuses converge to the clean run's", first(statusDiffs));
        out.check(alertDiffs.isEmpty(), "alerts converge to the clean run's", first(alertDiffs));
        out.check(inputDiffs.isEmpty(), "SEC4-1 and alerts as the inputs imply", first(inputDiffs));
        System.out.println();
        System.out.println("checks:");
        out.checks().forEach(System.out::println);
        System.out.println(out.failed() ? "RESULT: FAIL" : "RESULT: PASS");
        return out.failed() ? 1 : 0;
    }

    private static String killAndRestart(E2eStack stack, String module) {
        long pid = stack.service(module).pid();
        int status = stack.kill(module);
        double ready = stack.restart(module, Duration.ofSeconds(180));
        return String.format("pid %d killed (exit status %d); restarted alone as pid %d, ready %.1f s later "
                + "(Quarkus: started in %.2f s)", pid, status, stack.service(module).pid(), ready,
                stack.service(module).quarkusStartSeconds());
    }

    /**
     * Kafka or PostgreSQL away for a while (deploy/local/restart-infra, SIGKILL / immediate stop), the services left
     * running: they must recover by themselves, still the same processes.
     */
    private static String restartInfrastructure(E2eStack stack, String component, int downSeconds, BenchOutput out)
            throws Exception {
        Map<String, Long> pids = new LinkedHashMap<>();
        stack.services().forEach((module, process) -> pids.put(module, process.pid()));
        long started = System.nanoTime();
        Process restart = new ProcessBuilder(E2eStack.ROOT.resolve("deploy/local/restart-infra").toString(), component,
                "--kill", "--down-seconds", Integer.toString(downSeconds)).redirectErrorStream(true).start();
        String output = new String(restart.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (restart.waitFor() != 0) {
            throw new IllegalStateException("restart-infra " + component + " failed:\n" + output);
        }
        double back = (System.nanoTime() - started) / 1e9;
        double ready = stack.awaitAllReady(Duration.ofSeconds(180));
        List<String> replaced = new ArrayList<>();
        stack.services().forEach((module, process) -> {
            if (!process.alive() || process.pid() != pids.get(module)) {
                replaced.add(module);
            }
        });
        out.check(replaced.isEmpty(), "services outlive the " + component + " outage", replaced.isEmpty() ? "all"
                : "ended: " + replaced);
        return String.format("%s down for %d s (%s), back %.1f s after the fault; every service ready again %.1f s "
                        + "after that, all still the same processes", component, downSeconds,
                "kafka".equals(component) ? "SIGKILL" : "immediate stop", back, ready);
    }

    /** Evidence rows per event in the collector's database. */
    private record Tally(long stored, long lost, long duplicated, String sample) {

        static Tally of(List<PipelineLoad.Event> events) throws java.sql.SQLException {
            List<String> ids = events.stream().map(PipelineLoad.Event::sourceId).toList();
            Map<String, Integer> rows = PipelineDb.evidenceRows(ids);
            List<String> missing = ids.stream().filter(id -> !rows.containsKey(id)).toList();
            long duplicated = rows.values().stream().mapToLong(n -> n - 1).sum();
            return new Tally(rows.size(), missing.size(), duplicated,
                    missing.isEmpty() ? "" : "; e.g. " + missing.subList(0, Math.min(3, missing.size())));
        }
    }

    /**
     * What the inputs alone imply: where an account's last flip stopped its trail, SEC4-1 FAILED and the trail's
     * alert open; where it started it, PASSED and the alert resolved; every high finding an open alert.
     */
    private static List<String> fromInputs(List<PipelineLoad.Event> events, Map<String, Map<String, String>> statuses,
                                           Map<String, List<PipelineDb.Alert>> alerts) {
        Map<String, PipelineLoad.Kind> lastFlip = new LinkedHashMap<>();
        Map<String, Integer> highFindings = new HashMap<>();
        for (PipelineLoad.Event event : events) {
            if (event.changesStatus()) {
                lastFlip.put(event.account(), event.kind());
            } else if (event.kind() == PipelineLoad.Kind.FINDING_HIGH) {
                highFindings.merge(event.account(), 1, Integer::sum);
            }
        }
        List<String> diffs = new ArrayList<>();
        String trail = AwsEvents.trailArn("<account>", PipelineLoad.TRAIL);
        lastFlip.forEach((account, kind) -> {
            boolean stopped = kind == PipelineLoad.Kind.TRAIL_STOPPED;
            String status = statuses.getOrDefault(account, Map.of()).get(Scenarios.SEC4_1);
            if (!(stopped ? "FAILED" : "PASSED").equals(status)) {
                diffs.add(account + " SEC4-1 " + status + " after " + kind);
            }
            String alertState = alerts.getOrDefault(account, List.of()).stream()
                    .filter(alert -> Scenarios.SEC4_1.equals(alert.controlId()) && trail.equals(alert.resourceId()))
                    .map(PipelineDb.Alert::state).findFirst().orElse(null);
            if (!(stopped ? "OPEN" : "RESOLVED").equals(alertState)) {
                diffs.add(account + " trail alert " + alertState + " after " + kind);
            }
        });
        highFindings.forEach((account, expected) -> {
            long open = alerts.getOrDefault(account, List.of()).stream()
                    .filter(alert -> "FINDING".equals(alert.kind()) && "OPEN".equals(alert.state())
                            && PipelineLoad.HIGH_FINDINGS.contains(alert.findingType()))
                    .count();
            if (open != expected) {
                diffs.add(account + " " + open + " open high-finding alerts for " + expected + " findings");
            }
        });
        return diffs;
    }

    /** A fresh 12-digit account for each of the load's, none of them among the load's. */
    private static Map<String, String> otherAccounts(List<String> accounts, long seed) {
        SplittableRandom random = new SplittableRandom(seed + 1);
        Map<String, String> map = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>(accounts);
        for (String account : accounts) {
            String other;
            do {
                other = String.valueOf(100_000_000_000L + random.nextLong(899_999_999_999L));
            } while (!taken.add(other));
            map.put(account, other);
        }
        return map;
    }

    private static List<PipelineDb.Alert> sorted(List<PipelineDb.Alert> alerts) {
        List<PipelineDb.Alert> copy = new ArrayList<>(alerts);
        copy.sort(Comparator.comparing(PipelineDb.Alert::toString));
        return copy;
    }

    private static String first(List<String> diffs) {
        return diffs.isEmpty() ? "none" : diffs.size() + ", e.g. " + diffs.subList(0, Math.min(3, diffs.size()));
    }
}
