package dev.tousei.assessment.messaging;

import dev.tousei.events.assessment.ControlStatusChanged;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.mutiny.operators.multi.processors.SerializedProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The live feed of the SOC dashboard: every status change this instance's {@link StatusEventRelay} has published,
 * broadcast in memory to the open server-sent-event streams. Best effort: a subscriber that falls more than
 * {@value #BUFFER} events behind is dropped (its browser reconnects and reloads the grid); nothing here can fail
 * the relay.
 */
@ApplicationScoped
public class StatusFeed {

    static final int BUFFER = 1_000;

    private final SerializedProcessor<ControlStatusChanged, ControlStatusChanged> processor =
            BroadcastProcessor.<ControlStatusChanged>create().serialized();

    /** Called after the events are committed and published. */
    public void publish(List<ControlStatusChanged> events) {
        for (ControlStatusChanged event : events) {
            try {
                processor.onNext(event);
            } catch (RuntimeException e) {
                Log.warnf("dashboard feed: event %s not broadcast: %s", event.eventId(), e.getMessage());
            }
        }
    }

    /** The changes from now on, for one subscriber. */
    public Multi<ControlStatusChanged> changes() {
        return Multi.createFrom().publisher(processor).onOverflow().buffer(BUFFER);
    }
}
