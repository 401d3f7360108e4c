package dev.tousei.deploy.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Throughput is read over the window in which a counter rose, not over the idle time around it. */
class ServiceMeterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void throughputCountsOnlyTheBusyWindow() {
        List<ServiceMeter.Sample> samples = new ArrayList<>();
        for (int s = 0; s <= 40; s++) {
            // idle 5 s, then 100/s for 20 s, idle again; a slower rise (50/s) in the first 5 busy seconds
            double stored = s <= 5 ? 0 : s <= 10 ? 50.0 * (s - 5) : s <= 25 ? 250 + 100.0 * (s - 10) : 1_750;
            samples.add(new ServiceMeter.Sample(s * SECOND, stored, 0));
        }

        ServiceMeter.Throughput throughput = ServiceMeter.throughput(samples, ServiceMeter.Sample::stored);

        assertThat(throughput.count()).isEqualTo(1_750);
        assertThat(throughput.seconds()).isEqualTo(20);
        assertThat(throughput.perSecond()).isCloseTo(87.5, within(0.01));
        assertThat(throughput.best10s()).isCloseTo(100, within(0.01));
    }

    @Test
    void samplesOfAServiceThatDidNotAnswerAreSkipped() {
        List<ServiceMeter.Sample> samples = List.of(new ServiceMeter.Sample(0, 0, 0),
                new ServiceMeter.Sample(SECOND, Double.NaN, 0), new ServiceMeter.Sample(2 * SECOND, 200, 0),
                new ServiceMeter.Sample(3 * SECOND, 400, 0));

        ServiceMeter.Throughput throughput = ServiceMeter.throughput(samples, ServiceMeter.Sample::stored);

        assertThat(throughput.perSecond()).isCloseTo(400 / 3.0, within(0.01));
        assertThat(ServiceMeter.throughput(List.of(samples.get(1)), ServiceMeter.Sample::stored).perSecond()).isNaN();
    }
}
