package dev.tousei.evidence.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Polls the stored-row count every {@code intervalMillis} while the collector works through the backlog, and keeps
 * what is needed for the throughput figures: the first poll that saw a row, the poll that first saw the final count,
 * the samples in between, and CPU snapshots at both ends.
 */
final class StoredProgress {

    record Sample(long nanos, long stored, CpuMeter.Snapshot cpu, double collectorCpu, Map<String, Long> threads) {
    }

    enum End { COMPLETE, STALLED, STOPPED, COLLECTOR_DIED }

    private final List<Sample> samples = new ArrayList<>();
    private Sample first;
    private Sample last;
    private Sample beforeFirst;

    List<Sample> samples() {
        return samples;
    }

    /** The first sample with a stored row (null if none). */
    Sample first() {
        return first;
    }

    /** The sample that first saw the final count. */
    Sample last() {
        return last;
    }

    /** The last sample before any row was stored. */
    Sample beforeFirst() {
        return beforeFirst;
    }

    /**
     * Polls until {@code stored + deadLettered >= expected} (complete), nothing changed for {@code stallSeconds},
     * {@code stop} says so (checked on every sample), or the collector died.
     */
    End watch(BenchDb db, BenchKafka kafka, String deadLetterTopic, CollectorProcess collector, CpuMeter cpu,
              long expected, long stallSeconds, long intervalMillis, BenchOutput out, Predicate<Sample> stop)
            throws InterruptedException {
        long lastChange = System.nanoTime();
        long lastPrint = 0;
        long lastStored = -1;
        long deadLettered = 0;
        long lastDlqCheck = 0;
        while (true) {
            long stored = db.storedFast();
            long now = System.nanoTime();
            Sample sample = new Sample(now, Math.max(0, stored), cpu == null ? null : cpu.snapshot(), collector.cpuSeconds(),
                    cpu == null ? Map.of() : collector.threadTicks());
            samples.add(sample);
            if (stored > 0 && first == null) {
                first = sample;
                out.step("first evidence stored (" + BenchOutput.n(stored) + " rows at the first poll)");
            } else if (stored <= 0) {
                beforeFirst = sample;
            }
            if (stored != lastStored) {
                lastStored = stored;
                lastChange = now;
                last = sample;
            }
            if (now - lastDlqCheck > 2_000_000_000L) {
                deadLettered = kafka.endOffsetSum(deadLetterTopic);
                lastDlqCheck = now;
            }
            if (now - lastPrint > 5_000_000_000L) {
                lastPrint = now;
                out.step(String.format("stored %s (%.0f %%), dead-lettered %s, collector CPU %.1f s, RSS %d MB",
                        BenchOutput.n(stored), 100.0 * stored / Math.max(1, expected), BenchOutput.n(deadLettered),
                        sample.collectorCpu(), collector.memoryKb()[1] / 1024));
            }
            if (stop.test(sample)) {
                return End.STOPPED;
            }
            if (stored >= 0 && stored + deadLettered >= expected) {
                deadLettered = kafka.endOffsetSum(deadLetterTopic);
                if (stored + deadLettered >= expected) {
                    return End.COMPLETE;
                }
            }
            if (!collector.alive()) {
                return End.COLLECTOR_DIED;
            }
            if (now - lastChange > stallSeconds * 1_000_000_000L) {
                return End.STALLED;
            }
            Thread.sleep(intervalMillis);
        }
    }

    /** Rows per second in each polling interval between the first and the last sample. */
    List<Double> intervalRates() {
        List<Double> rates = new ArrayList<>();
        Sample previous = null;
        for (Sample sample : samples) {
            if (first == null || sample.nanos() < first.nanos() || sample.nanos() > last.nanos()) {
                continue;
            }
            if (previous != null && sample.nanos() > previous.nanos()) {
                rates.add((sample.stored() - previous.stored()) / ((sample.nanos() - previous.nanos()) / 1e9));
            }
            previous = sample;
        }
        rates.sort(Double::compare);
        return rates;
    }
}
