package dev.tousei.deploy.e2e;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of the benchmark mains ({@code --max} is a flag); unknown names are refused. */
final class BenchOptions {

    private final Map<String, String> values = new HashMap<>();

    BenchOptions(String[] args, Set<String> known, Set<String> flags) {
        for (int i = 0; i < args.length; i++) {
            String name = args[i].replaceFirst("^--", "");
            if (flags.contains(name)) {
                values.put(name, "true");
            } else if (known.contains(name) && i + 1 < args.length) {
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option or missing value: " + args[i] + " (options: "
                        + known + ", flags: " + flags + ")");
            }
        }
    }

    /**
     * Exits with the run's status (0 pass, 1 a check failed), or 2 with the stack trace when it broke; the stack's
     * shutdown hook then stops the services and deletes the run's topics.
     */
    static void exitWith(java.util.concurrent.Callable<Integer> run) {
        int code;
        try {
            code = run.call();
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            code = 2;
        }
        System.exit(code);
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    double number(String name, double fallback) {
        return values.containsKey(name) ? Double.parseDouble(values.get(name).replace("_", "")) : fallback;
    }

    int integer(String name, int fallback) {
        return (int) number(name, fallback);
    }

    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    long seed() {
        return values.containsKey("seed") ? Long.parseLong(values.get("seed")) : System.nanoTime();
    }
}
