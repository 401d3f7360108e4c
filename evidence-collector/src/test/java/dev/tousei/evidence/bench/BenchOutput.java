package dev.tousei.evidence.bench;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Console output of the drivers: progress lines, numbers, checks. */
public final class BenchOutput {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final List<Logger> QUIETED = new ArrayList<>();
    private final String tag;
    private final List<String> failures = new ArrayList<>();
    private final List<String> checks = new ArrayList<>();

    public BenchOutput(String tag) {
        this.tag = tag;
        Locale.setDefault(Locale.ROOT);
    }

    /** Kafka clients log every configuration at INFO; keep warnings only (the logger objects must stay referenced). */
    public static void quietLibraries() {
        for (String name : List.of("org.apache.kafka", "org.postgresql", "")) {
            Logger logger = Logger.getLogger(name);
            logger.setLevel(Level.WARNING);
            QUIETED.add(logger);
        }
    }

    public void step(String text) {
        System.out.printf("[%s %s] %s%n", tag, LocalTime.now().format(CLOCK), text);
        System.out.flush();
    }

    public void check(boolean ok, String what, String detail) {
        String line = String.format("  [%s] %-48s %s", ok ? "PASS" : "FAIL", what, detail);
        checks.add(line);
        if (!ok) {
            failures.add(what + ": " + detail);
        }
    }

    public List<String> checks() {
        return checks;
    }

    public boolean failed() {
        return !failures.isEmpty();
    }

    List<String> failures() {
        return failures;
    }

    public static String n(long value) {
        return String.format("%,d", value);
    }

    public static String rate(double perSecond) {
        return String.format("%,.0f/s", perSecond);
    }

    public static String mb(long bytes) {
        return String.format("%.1f MB", bytes / 1e6);
    }

    public static double percentile(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
