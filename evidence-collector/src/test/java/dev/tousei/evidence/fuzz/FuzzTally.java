package dev.tousei.evidence.fuzz;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where every fuzz case ended: stored (a row whose source_event_id holds its marker), dead-lettered (a DLQ record whose
 * origin is its partition and offset), or, for a deliberate repeat of a stored case, ignored as a duplicate. Anything
 * else (no trace, two rows, a row and a dead letter) is a finding.
 */
public final class FuzzTally {

    public enum Outcome { STORED, DEAD_LETTERED, DUPLICATE_IGNORED, MISSING, STORED_TWICE, STORED_AND_DEAD_LETTERED }

    /** The pipeline's catch-all reason: our code threw on a record, a bug by definition. */
    static final String PROCESSING_ERROR = "PROCESSING_ERROR";

    public record Check(boolean ok, String name, String detail) {
        @Override
        public String toString() {
            return String.format("  [%s] %-55s %s", ok ? "PASS" : "FAIL", name, detail);
        }
    }

    private final Pattern markerPattern;
    private final List<FuzzCase> cases = new ArrayList<>();
    private final Map<String, FuzzCase> byMarker = new HashMap<>();
    private final Map<String, FuzzCase> byPosition = new HashMap<>();
    private final Map<Integer, String> positionOf = new HashMap<>();
    private final Map<Integer, List<String>> deadLetters = new HashMap<>();
    private Map<String, Long> rowsByMarker = Map.of();
    private long deadLetterRecords;
    private long deadLettersWithoutOrigin;
    private long deadLettersWithoutReason;
    private long rowsWithoutCase;

    public FuzzTally(String markerPrefix) {
        this.markerPattern = Pattern.compile(Pattern.quote(markerPrefix) + "s?\\d+");
    }

    // ------------------------------------------------------------------------------------------------- observations

    public synchronized void sent(FuzzCase fuzzCase, int partition, long offset) {
        cases.add(fuzzCase);
        if (fuzzCase.duplicateOf() < 0) {
            byMarker.put(fuzzCase.marker(), fuzzCase);
        }
        String position = partition + "@" + offset;
        byPosition.put(position, fuzzCase);
        positionOf.put(fuzzCase.number(), position);
    }

    public synchronized void deadLettered(int partition, long offset, String reason) {
        FuzzCase fuzzCase = byPosition.get(partition + "@" + offset);
        if (fuzzCase == null) {
            return; // another test's record on a shared input topic
        }
        deadLetterRecords++;
        if (reason == null || reason.isBlank()) {
            deadLettersWithoutReason++;
        }
        deadLetters.computeIfAbsent(fuzzCase.number(), n -> new ArrayList<>()).add(String.valueOf(reason));
    }

    public synchronized void deadLetterWithoutOrigin() {
        deadLettersWithoutOrigin++;
    }

    /** The source_event_ids of the run's rows, with how many rows hold each. */
    public synchronized void stored(Map<String, Long> rowsBySourceEventId) {
        Map<String, Long> rows = new HashMap<>();
        long unmatched = 0;
        for (var entry : rowsBySourceEventId.entrySet()) {
            Matcher matcher = markerPattern.matcher(entry.getKey());
            if (matcher.find() && byMarker.containsKey(matcher.group())) {
                rows.merge(matcher.group(), entry.getValue(), Long::sum);
            } else {
                unmatched += entry.getValue();
            }
        }
        this.rowsByMarker = rows;
        this.rowsWithoutCase = unmatched;
    }

    // ------------------------------------------------------------------------------------------------------ results

    public synchronized Outcome outcome(FuzzCase fuzzCase) {
        List<String> letters = deadLetters.getOrDefault(fuzzCase.number(), List.of());
        if (fuzzCase.duplicateOf() >= 0) {
            if (!letters.isEmpty()) {
                return Outcome.DEAD_LETTERED;
            }
            FuzzCase original = byMarker.get(fuzzCase.marker());
            return original != null && outcome(original) == Outcome.STORED ? Outcome.DUPLICATE_IGNORED
                    : Outcome.MISSING;
        }
        long rows = rowsByMarker.getOrDefault(fuzzCase.marker(), 0L);
        if (rows > 1) {
            return Outcome.STORED_TWICE;
        }
        if (rows == 1) {
            return letters.isEmpty() ? Outcome.STORED : Outcome.STORED_AND_DEAD_LETTERED;
        }
        return letters.isEmpty() ? Outcome.MISSING : Outcome.DEAD_LETTERED;
    }

    public synchronized String reason(FuzzCase fuzzCase) {
        List<String> letters = deadLetters.get(fuzzCase.number());
        return letters == null ? null : letters.get(0);
    }

    public synchronized Map<Outcome, Long> outcomes() {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        for (FuzzCase fuzzCase : cases) {
            counts.merge(outcome(fuzzCase), 1L, Long::sum);
        }
        return counts;
    }

    /** Every case stored, dead-lettered or ignored as a repeat. */
    public synchronized boolean settled() {
        return cases.stream().map(this::outcome).noneMatch(outcome -> outcome == Outcome.MISSING);
    }

    public synchronized boolean sentinelsStored() {
        return cases.stream().filter(FuzzCase::sentinel).allMatch(c -> outcome(c) == Outcome.STORED);
    }

    public synchronized long accounted() {
        return cases.stream().filter(c -> outcome(c) != Outcome.MISSING).count();
    }

    public synchronized int size() {
        return cases.size();
    }

    /** Rows whose source_event_id names no case of this run (only meaningful on a database of its own). */
    public synchronized long rowsWithoutCase() {
        return rowsWithoutCase;
    }

    public synchronized List<Check> checks() {
        Map<Outcome, Long> outcomes = outcomes();
        long sent = cases.size();
        long stored = outcomes.getOrDefault(Outcome.STORED, 0L);
        long dead = outcomes.getOrDefault(Outcome.DEAD_LETTERED, 0L);
        long ignored = outcomes.getOrDefault(Outcome.DUPLICATE_IGNORED, 0L);
        long deliberate = cases.stream().filter(c -> c.duplicateOf() >= 0).count();
        List<Check> checks = new ArrayList<>();
        checks.add(new Check(sent == stored + dead + ignored, "sent = stored + dead-lettered + duplicates ignored",
                String.format("%,d = %,d + %,d + %,d; missing %,d, stored twice %,d, stored and dead-lettered %,d",
                        sent, stored, dead, ignored, outcomes.getOrDefault(Outcome.MISSING, 0L),
                        outcomes.getOrDefault(Outcome.STORED_TWICE, 0L),
                        outcomes.getOrDefault(Outcome.STORED_AND_DEAD_LETTERED, 0L))));
        checks.add(new Check(ignored <= deliberate, "duplicates ignored only where the fuzzer repeated an id",
                String.format("%,d ignored of %,d deliberate repeats", ignored, deliberate)));
        List<String> unstored = cases.stream()
                .filter(c -> c.mutation() == Mutation.NONE && c.duplicateOf() < 0 && outcome(c) != Outcome.STORED)
                .map(c -> "#" + c.number() + " " + c.base() + ": " + outcome(c) + " " + reason(c)).toList();
        long unmutated = cases.stream().filter(c -> c.mutation() == Mutation.NONE).count();
        checks.add(new Check(unstored.isEmpty(), "every unmutated envelope stored (sentinels included)",
                String.format("%,d of %,d%s", unmutated - unstored.size(), unmutated,
                        unstored.isEmpty() ? "" : "; " + unstored.subList(0, Math.min(5, unstored.size())))));
        checks.add(new Check(sentinelsStored(), "a sentinel stored on every partition after the cases",
                cases.stream().filter(FuzzCase::sentinel).map(c -> c.partition() + ": " + outcome(c)).toList()
                        .toString()));
        checks.add(new Check(deadLettersWithoutReason == 0 && deadLettersWithoutOrigin == 0,
                "every dead letter has a reason and its origin", String.format("%,d records, %,d without reason, "
                        + "%,d without origin", deadLetterRecords, deadLettersWithoutReason,
                        deadLettersWithoutOrigin)));
        List<String> processingErrors = cases.stream().filter(c -> PROCESSING_ERROR.equals(reason(c)))
                .map(c -> "#" + c.number() + " " + c.mutation() + " " + c.variant()).toList();
        checks.add(new Check(processingErrors.isEmpty(), "no " + PROCESSING_ERROR + " (the collector's code threw)",
                processingErrors.size() + (processingErrors.isEmpty() ? ""
                        : " " + processingErrors.subList(0, Math.min(5, processingErrors.size())))));
        return checks;
    }

    /** Cases by mutation: how each ended, and the dead-letter reasons. */
    public synchronized String table() {
        Map<Mutation, Map<Outcome, Long>> byMutation = new EnumMap<>(Mutation.class);
        Map<Mutation, Map<String, Long>> reasons = new EnumMap<>(Mutation.class);
        Map<String, Long> allReasons = new TreeMap<>();
        for (FuzzCase fuzzCase : cases) {
            Outcome outcome = outcome(fuzzCase);
            byMutation.computeIfAbsent(fuzzCase.mutation(), m -> new EnumMap<>(Outcome.class)).merge(outcome, 1L,
                    Long::sum);
            if (outcome == Outcome.DEAD_LETTERED) {
                String reason = reason(fuzzCase);
                reasons.computeIfAbsent(fuzzCase.mutation(), m -> new TreeMap<>()).merge(reason, 1L, Long::sum);
                allReasons.merge(reason, 1L, Long::sum);
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("  %-19s %7s %7s %7s %7s %7s  %s%n", "mutation", "cases", "stored", "dlq", "dup-ign",
                "other", "dead-letter reasons"));
        long[] totals = new long[5];
        for (var entry : byMutation.entrySet()) {
            Map<Outcome, Long> counts = entry.getValue();
            long total = counts.values().stream().mapToLong(Long::longValue).sum();
            long stored = counts.getOrDefault(Outcome.STORED, 0L);
            long dead = counts.getOrDefault(Outcome.DEAD_LETTERED, 0L);
            long ignored = counts.getOrDefault(Outcome.DUPLICATE_IGNORED, 0L);
            long other = total - stored - dead - ignored;
            long[] row = {total, stored, dead, ignored, other};
            for (int i = 0; i < 5; i++) {
                totals[i] += row[i];
            }
            out.append(String.format("  %-19s %,7d %,7d %,7d %,7d %,7d  %s%n", entry.getKey(), total, stored, dead,
                    ignored, other, reasons.getOrDefault(entry.getKey(), Map.of())));
        }
        out.append(String.format("  %-19s %,7d %,7d %,7d %,7d %,7d  %s%n", "total", totals[0], totals[1], totals[2],
                totals[3], totals[4], allReasons));
        return out.toString();
    }

    /** Variants of each mutation with their outcomes (e.g. which odd times are stored and which dead-lettered). */
    public synchronized String variants() {
        Map<String, Map<String, Long>> byVariant = new TreeMap<>();
        for (FuzzCase fuzzCase : cases) {
            if (fuzzCase.duplicateOf() >= 0 || fuzzCase.sentinel() || fuzzCase.mutation() == Mutation.NONE) {
                continue;
            }
            // detail paths are many and say little one by one: grouped by the new type
            String variant = fuzzCase.variant().replaceAll("#\\d+|at \\d+ of \\d+", "…")
                    .replaceAll("^detail\\S*=", "detail.…=").replaceAll("^-detail\\.\\S*", "-detail.…");
            Outcome outcome = outcome(fuzzCase);
            String label = outcome == Outcome.DEAD_LETTERED ? reason(fuzzCase) : outcome.name().toLowerCase();
            byVariant.computeIfAbsent(fuzzCase.mutation() + " " + variant, v -> new LinkedHashMap<>())
                    .merge(label, 1L, Long::sum);
        }
        StringBuilder out = new StringBuilder();
        byVariant.forEach((variant, outcomes) -> out.append(String.format("    %-70s %s%n", variant, outcomes)));
        return out.toString();
    }
}
