package dev.tousei.notification.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration INITIAL = Duration.ofSeconds(2);
    private static final Duration MAX = Duration.ofMinutes(5);

    @Test
    void doublesFromTheInitialWaitUpToTheCap() {
        assertThat(Backoff.after(1, INITIAL, MAX, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Backoff.after(2, INITIAL, MAX, 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(Backoff.after(5, INITIAL, MAX, 0.5)).isEqualTo(Duration.ofSeconds(32));
        assertThat(Backoff.after(50, INITIAL, MAX, 0.5)).isEqualTo(MAX);
    }

    @Test
    void jitterStaysWithinTwentyPercentAndUnderTheCap() {
        assertThat(Backoff.after(3, INITIAL, MAX, 0.0)).isEqualTo(Duration.ofMillis(6_400));
        assertThat(Backoff.after(3, INITIAL, MAX, 0.999)).isBetween(Duration.ofMillis(9_590), Duration.ofMillis(9_600));
        assertThat(Backoff.after(40, INITIAL, MAX, 0.999)).isEqualTo(MAX);
    }
}
