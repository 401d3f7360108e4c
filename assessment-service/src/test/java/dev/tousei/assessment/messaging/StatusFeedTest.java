package dev.tousei.assessment.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.assessment.ControlStatusChanged;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.subscription.BackPressureFailure;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StatusFeedTest {

    private static ControlStatusChanged change(String account, ControlStatus status) {
        return new ControlStatusChanged(UUID.randomUUID(), account, "sec04-bp01", "SEC04-BP01", "aws-wa-security",
                null, status, "HIGH", "test", List.of(), List.of(), List.of(), Instant.now(), Instant.now());
    }

    @Test
    void everySubscriberGetsTheChangesPublishedAfterItSubscribed() {
        StatusFeed feed = new StatusFeed();
        feed.publish(List.of(change("111122223333", ControlStatus.PASSED))); // nobody listens yet: dropped
        var first = feed.changes().subscribe().withSubscriber(AssertSubscriber.<ControlStatusChanged>create(10));
        var second = feed.changes().subscribe().withSubscriber(AssertSubscriber.<ControlStatusChanged>create(10));

        feed.publish(List.of(change("111122223333", ControlStatus.FAILED),
                change("444455556666", ControlStatus.STALE)));

        assertThat(first.getItems()).extracting(ControlStatusChanged::status)
                .containsExactly(ControlStatus.FAILED, ControlStatus.STALE);
        assertThat(second.getItems()).extracting(ControlStatusChanged::accountId)
                .containsExactly("111122223333", "444455556666");
    }

    @Test
    void aSubscriberTooFarBehindIsDroppedWithoutDisturbingTheOthersOrThePublisher() {
        StatusFeed feed = new StatusFeed();
        var stuck = feed.changes().subscribe().withSubscriber(AssertSubscriber.<ControlStatusChanged>create(0));
        var reading = feed.changes().subscribe()
                .withSubscriber(AssertSubscriber.<ControlStatusChanged>create(Long.MAX_VALUE));

        feed.publish(IntStream.rangeClosed(0, StatusFeed.BUFFER)
                .mapToObj(i -> change("111122223333", ControlStatus.FAILED)).toList());

        stuck.assertFailedWith(BackPressureFailure.class);
        assertThat(reading.getItems()).hasSize(StatusFeed.BUFFER + 1);
        feed.publish(List.of(change("111122223333", ControlStatus.PASSED)));
        assertThat(reading.getItems()).hasSize(StatusFeed.BUFFER + 2);
    }
}
