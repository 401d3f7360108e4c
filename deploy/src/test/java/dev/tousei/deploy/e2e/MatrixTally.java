package dev.tousei.deploy.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;

/**
 * Counts the checks of the security matrix per case and keeps every failure, so one run shows all holes at once and
 * the CI log shows the size of the matrix.
 */
final class MatrixTally {

    /** What a body must never show: stack frames, exception class names, SQL errors. */
    private static final Pattern LEAK = Pattern.compile(
            "\\bat [a-z]+\\.[a-zA-Z0-9_.$]+\\(|[a-z]+\\.[a-z.]+\\.[A-Z][A-Za-z]*Exception|PSQLException|SQLSTATE"
                    + "|org\\.hibernate|io\\.vertx\\.pgclient|syntax error at or near|ERROR: ");

    private final Map<String, int[]> byCase = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();

    /** Records one check of {@code kase} on {@code target}; {@code detail} explains a failure. */
    void check(String kase, Object target, boolean passed, String detail) {
        int[] counts = byCase.computeIfAbsent(kase, k -> new int[2]);
        counts[0]++;
        if (passed) {
            counts[1]++;
        } else {
            failures.add(kase + " | " + target + " | " + detail);
        }
    }

    /** True when the body leaks internals (checked on every answer the matrix gets). */
    static boolean leaks(String body) {
        return body != null && LEAK.matcher(body).find();
    }

    static String brief(Http.Response answer) {
        String body = answer.body() == null ? "" : answer.body().replaceAll("\\s+", " ");
        return "HTTP " + answer.status() + " " + answer.contentType() + " "
                + (body.length() > 300 ? body.substring(0, 300) + "…" : body);
    }

    int total() {
        return byCase.values().stream().mapToInt(c -> c[0]).sum();
    }

    int passed() {
        return byCase.values().stream().mapToInt(c -> c[1]).sum();
    }

    /** The tally, one line per case, for the CI log. */
    String report(String title) {
        StringBuilder out = new StringBuilder(title).append(": ").append(passed()).append(" of ").append(total())
                .append(" checks passed\n");
        byCase.forEach((kase, counts) -> out.append(String.format("  %-58s %5d checks, %5d passed%n", kase,
                counts[0], counts[1])));
        return out.toString();
    }

    void assertAllPassed(String title) {
        E2eStack.log(report(title));
        if (!failures.isEmpty()) {
            throw new AssertionFailedError(title + ": " + failures.size() + " of " + total() + " checks failed:\n  "
                    + String.join("\n  ", failures.subList(0, Math.min(failures.size(), 200)))
                    + (failures.size() > 200 ? "\n  … and " + (failures.size() - 200) + " more" : ""));
        }
    }
}
