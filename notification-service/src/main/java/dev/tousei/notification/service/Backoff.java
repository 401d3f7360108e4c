package dev.tousei.notification.service;

import java.time.Duration;

/** Exponential backoff with a cap and ±20 % jitter (so that many deliveries to one channel do not retry in step). */
public final class Backoff {

    private Backoff() {
    }

    /** The wait after failed attempt number {@code attempt} (1-based); {@code random} in [0, 1). */
    public static Duration after(int attempt, Duration initial, Duration max, double random) {
        int exponent = Math.max(0, Math.min(attempt - 1, 30));
        double base = Math.min(max.toMillis(), initial.toMillis() * Math.pow(2, exponent));
        double jittered = base * (0.8 + 0.4 * random);
        return Duration.ofMillis((long) Math.min(max.toMillis(), jittered));
    }
}
