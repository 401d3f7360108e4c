package dev.tousei.evidence.fuzz;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One fuzz run against a running collector: generate the cases, send them and then one sentinel per partition, and
 * follow the dead-letter topic and the evidence table until every case is accounted for or nothing moves for
 * {@code stall}. Shared by the short CI test and the long {@code deploy/local/fuzz-evidence} driver.
 *
 * @param ownDatabase whether the evidence table holds this run's rows only (then rows naming no case are counted)
 */
public record FuzzRun(String bootstrap, String inputTopic, String deadLetterTopic, String jdbcUrl, String dbUser,
                      String dbPassword, int cases, long seed, String run, Duration stall, boolean ownDatabase) {

    public FuzzTally execute(Path catalogDirectory, Consumer<String> progress) throws Exception {
        FuzzKafka kafka = new FuzzKafka(bootstrap);
        kafka.createTopics(List.of(inputTopic, deadLetterTopic), 3);
        int partitions = kafka.partitions(inputTopic);
        EnvelopeFuzzer fuzzer = new EnvelopeFuzzer(seed, run, catalogDirectory);
        List<FuzzCase> generated = new ArrayList<>(cases);
        long bytes = 0;
        for (int i = 0; i < cases; i++) {
            FuzzCase fuzzCase = fuzzer.next();
            bytes += fuzzCase.value() == null ? 0 : fuzzCase.value().length;
            generated.add(fuzzCase);
        }
        List<FuzzCase> sentinels = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            sentinels.add(fuzzer.sentinel(p));
        }
        FuzzTally tally = new FuzzTally(fuzzer.markerPrefix());
        progress.accept(String.format("seed %d, marker %s: %,d cases (%.1f MB) to %s", seed, fuzzer.markerPrefix(),
                cases, bytes / 1e6, inputTopic));
        try (FuzzKafka.DeadLetterReader deadLetters = kafka.new DeadLetterReader(deadLetterTopic, inputTopic);
             StoredMarkers stored = new StoredMarkers(jdbcUrl, dbUser, dbPassword)) {
            kafka.produce(inputTopic, generated, tally);
            generated.clear();
            kafka.produce(inputTopic, sentinels, tally); // after every case has been acknowledged
            progress.accept("sent; " + partitions + " sentinels after them, one per partition");
            long lastAccounted = -1;
            long lastChange = System.nanoTime();
            long lastPrint = 0;
            while (true) {
                deadLetters.poll(tally);
                Map<String, Long> rows = ownDatabase ? stored.allRows() : stored.rows(fuzzer.markerPrefix());
                tally.stored(rows);
                long accounted = tally.accounted();
                if (tally.settled()) {
                    progress.accept(String.format("every case accounted for (%,d)", accounted));
                    break;
                }
                long now = System.nanoTime();
                if (accounted != lastAccounted) {
                    lastAccounted = accounted;
                    lastChange = now;
                } else if (now - lastChange > stall.toNanos()) {
                    progress.accept(String.format("nothing moved for %s: %,d of %,d accounted for", stall, accounted,
                            tally.size()));
                    break;
                }
                if (now - lastPrint > Duration.ofSeconds(5).toNanos()) {
                    lastPrint = now;
                    progress.accept(String.format("%,d of %,d accounted for %s", accounted, tally.size(),
                            tally.outcomes()));
                }
                Thread.sleep(500);
            }
            // a late dead letter would still turn STORED into STORED_AND_DEAD_LETTERED: one more look
            Thread.sleep(1_000);
            deadLetters.poll(tally);
            tally.stored(ownDatabase ? stored.allRows() : stored.rows(fuzzer.markerPrefix()));
        }
        return tally;
    }
}
