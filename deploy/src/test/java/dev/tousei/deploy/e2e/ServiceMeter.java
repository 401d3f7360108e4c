package dev.tousei.deploy.e2e;

import dev.tousei.evidence.bench.CpuMeter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What the four service processes cost and do while the load runs: CPU time and resident memory from /proc (through
 * the collector benchmark's {@link CpuMeter}), and, sampled every second from /q/metrics, the collector's stored and
 * the assessment service's applied evidence counters, from which sustained throughput is read.
 */
final class ServiceMeter implements AutoCloseable {

    static final List<String> MODULES = List.of(E2eStack.CATALOG, E2eStack.EVIDENCE, E2eStack.ASSESSMENT,
            E2eStack.NOTIFICATION);
    static final String STORED = "evidence_events_stored_total";
    static final String APPLIED = "assessment_evidence_applied_total";

    /** One second's reading of the two counters. */
    record Sample(long nanos, double stored, double applied) {
    }

    /** Throughput over the busy window (first rise to last rise of the counter) and the best 10 s within it. */
    record Throughput(double perSecond, double best10s, double count, double seconds) {
    }

    private final E2eStack stack;
    private final Map<String, Long> ticksAtStart = new LinkedHashMap<>();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final Thread sampler;
    private volatile boolean running = true;
    private long startNanos;

    ServiceMeter(E2eStack stack) {
        this.stack = stack;
        this.sampler = new Thread(this::sample, "service-meter");
        this.sampler.setDaemon(true);
    }

    /** Starts the CPU window and the counter sampling. */
    void start() {
        startNanos = System.nanoTime();
        for (String module : MODULES) {
            ticksAtStart.put(module, ticks(module));
        }
        sampler.start();
    }

    private void sample() {
        while (running) {
            long now = System.nanoTime();
            samples.add(new Sample(now, counter(E2eStack.EVIDENCE, STORED), counter(E2eStack.ASSESSMENT, APPLIED)));
            Await.sleep(java.time.Duration.ofMillis(Math.max(0, 1000 - (System.nanoTime() - now) / 1_000_000)));
        }
    }

    /** A counter of a service's /q/metrics, summed over its tags; NaN when the service does not answer. */
    double counter(String module, String name) {
        try {
            Http.Response response = stack.http.get(stack.url(module) + "/q/metrics", null);
            if (response.status() != 200) {
                return Double.NaN;
            }
            double sum = 0;
            for (String line : response.body().split("\n")) {
                if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (UncheckedIOException | IllegalStateException notAnswering) {
            return Double.NaN;
        }
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** CPU of each service since {@link #start()}, as a share of one core (1.0 = one core busy). */
    Map<String, Double> cpuShares() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String module : MODULES) {
            shares.put(module, (ticks(module) - ticksAtStart.get(module)) / CpuMeter.TICKS_PER_SECOND / seconds);
        }
        return shares;
    }

    /** Peak and current resident memory of each service, in MB. */
    Map<String, long[]> residentMegabytes() {
        Map<String, long[]> memory = new LinkedHashMap<>();
        for (String module : MODULES) {
            long[] kb = CpuMeter.memoryKb(stack.service(module).pid());
            memory.put(module, new long[] {kb[0] / 1024, kb[1] / 1024});
        }
        return memory;
    }

    private long ticks(String module) {
        long[] stat = CpuMeter.stat(stack.service(module).pid());
        return stat == null ? 0 : stat[0] + stat[1];
    }

    /** Throughput of one counter ({@code stored} or {@code applied}) over its busy window. */
    static Throughput throughput(List<Sample> samples, java.util.function.ToDoubleFunction<Sample> counter) {
        List<Sample> valid = new ArrayList<>();
        for (Sample sample : samples) {
            if (!Double.isNaN(counter.applyAsDouble(sample))) {
                valid.add(sample);
            }
        }
        if (valid.size() < 2) {
            return new Throughput(Double.NaN, Double.NaN, 0, 0);
        }
        double base = counter.applyAsDouble(valid.get(0));
        double end = counter.applyAsDouble(valid.get(valid.size() - 1));
        int first = 0;
        while (first + 1 < valid.size() && counter.applyAsDouble(valid.get(first + 1)) == base) {
            first++;
        }
        int last = valid.size() - 1;
        while (last > first && counter.applyAsDouble(valid.get(last - 1)) == end) {
            last--;
        }
        double seconds = (valid.get(last).nanos() - valid.get(first).nanos()) / 1e9;
        double best = Double.NaN;
        for (int i = first; i <= last; i++) {
            for (int j = i + 1; j <= last; j++) {
                double span = (valid.get(j).nanos() - valid.get(i).nanos()) / 1e9;
                if (span >= 10) {
                    double rate = (counter.applyAsDouble(valid.get(j)) - counter.applyAsDouble(valid.get(i))) / span;
                    best = Double.isNaN(best) ? rate : Math.max(best, rate);
                    break;
                }
            }
        }
        return new Throughput(seconds > 0 ? (end - base) / seconds : Double.NaN, best, end - base, seconds);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join(5000);
    }
}
