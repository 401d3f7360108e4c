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
 * Fault check (issue 7): kill -9 of each service in turn under load, then restart; nothing may be lost or duplicated
 * and the end state must be what a clean run of the same load gives.
 *
 * <ol>
 *   <li>Faults: the load (background mix + trail flips + high findings) is sent at a steady rate; meanwhile
 *       evidence-collector, assessment-service, notification-service and catalog-service are each killed with SIGKILL
 *       and started again (same database, topics and groups), one after the other, an interval apart; the load goes on
 *       until an interval after the last one is ready, then the pipeline is left to go quiet.</li>
 *   <li>Reference: the same events in other accounts (fresh event ids), sent as fast as possible into the same stack
 *       with nothing killed, and left to go quiet.</li>
 *   <li>Tally: events sent; evidence rows per source event in the collector's database (0 lost, 0 duplicated);
 *       every account's control statuses and alerts (kind, control, resource, finding type, state) equal to its
 *       reference account's; and, from the inputs alone, SEC4-1 FAILED with the trail's alert open where the last
 *       flip stopped the trail, PASSED with it resolved where it started it, one open alert per high finding.</li>
 * </ol>
 * Not a test: {@code deploy/local/fault-kill-services} runs it on its own databases. Options: {@code --rate} (20),
 * {@code --kill-interval} seconds before each kill and after the last restart (20), {@code --accounts} (20),
 * {@code --control-changing-fraction} (0.2), {@code --drain-seconds} (600), {@code --seed}. Exit status 1 on any
 * mismatch.
 */
public final class ServiceKillCheck {

    private static final List<String> KILL_ORDER = List.of(E2eStack.EVIDENCE, E2eStack.ASSESSMENT,
            E2eStack.NOTIFICATION, E2eStack.CATALOG);

    private ServiceKillCheck() {
    }

    public static void main(String[] args) {
        BenchOptions options = new BenchOptions(args, Set.of("rate", "kill-interval", "accounts",
                "control-changing-fraction", "drain-seconds", "seed"), Set.of());
        BenchOptions.exitWith(() -> run(options));
    }

    private static int run(BenchOptions options) throws Exception {
        Locale.setDefault(Locale.ROOT);
        double rate = options.number("rate", 20);
        Duration gap = Duration.ofSeconds(options.integer("kill-interval", 20));
        long seed = options.seed();
        Duration drainTimeout = Duration.ofSeconds(options.integer("drain-seconds", 600));
        BenchOutput out = new BenchOutput("fault-kill-services");
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
            for (String module : KILL_ORDER) {
                Await.sleep(gap);
                long pid = stack.service(module).pid();
                long sent = sender.acknowledged();
                Map<String, Long> lags = quiet.lags();
                int status = stack.kill(module);
                double at = (System.nanoTime() - started) / 1e9;
                double ready = stack.restart(module, Duration.ofSeconds(180));
                String line = String.format("%s pid %d killed at %.0f s (exit status %d) with %,d events sent and "
                                + "consumer lags %s; restarted as pid %d, ready %.1f s later", module, pid, at, status,
                        sent, lags.values(), stack.service(module).pid(), ready);
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
        System.out.printf("### kill -9 of each service under load (run %s)%n%n", stack.run);
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
