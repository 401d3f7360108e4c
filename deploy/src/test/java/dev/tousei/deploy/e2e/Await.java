package dev.tousei.deploy.e2e;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.opentest4j.AssertionFailedError;

/** Polling with a deadline: the services are eventually consistent, and this machine is slow and shared. */
final class Await {

    /** Long enough for a cold JVM on two busy cores; the happy path takes about a second. */
    static final Duration DEFAULT = Duration.ofSeconds(30);

    private Await() {
    }

    /**
     * Calls {@code probe} every {@code interval} until it returns a value, and returns it; fails with
     * {@code description} and the last problem seen when {@code timeout} passes.
     */
    static <T> T until(String description, Duration timeout, Duration interval, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Throwable last = null;
        while (true) {
            try {
                Optional<T> value = probe.get();
                if (value.isPresent()) {
                    return value.get();
                }
                last = null;
            } catch (RuntimeException | AssertionError e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionFailedError("not within " + timeout.toSeconds() + " s: " + description
                        + (last == null ? "" : " (last problem: " + last + ")"), last);
            }
            sleep(interval);
        }
    }

    static <T> T until(String description, Supplier<Optional<T>> probe) {
        return until(description, DEFAULT, Duration.ofMillis(50), probe);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
