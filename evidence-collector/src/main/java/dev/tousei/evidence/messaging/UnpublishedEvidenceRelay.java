package dev.tousei.evidence.messaging;

import dev.tousei.evidence.config.EvidenceConfig;
import dev.tousei.evidence.repository.EvidencePublication;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;

/**
 * Publishes evidence that was stored but never announced, e.g. because the collector was killed between its
 * database commit and Kafka's acknowledgement. Redelivery of the AWS event finds it already stored, so without this
 * relay the evidence-recorded event would be lost.
 */
@ApplicationScoped
class UnpublishedEvidenceRelay {

    private static final int BATCH = 1000;

    private final EvidencePublication publication;
    private final EvidenceRecordedPublisher publisher;
    private final EvidenceConfig config;
    private final Clock clock;

    UnpublishedEvidenceRelay(EvidencePublication publication, EvidenceRecordedPublisher publisher,
                             EvidenceConfig config, Clock clock) {
        this.publication = publication;
        this.publisher = publisher;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(every = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> relay() {
        return publication.unpublished(clock.instant().minus(config.publishGrace()), BATCH)
                .chain(publisher::publish);
    }
}
