package dev.tousei.evidence.service;

import dev.tousei.evidence.config.EvidenceConfig;
import dev.tousei.evidence.repository.ChainRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Removes evidence older than the retention period (default one year, SEC10-3's example), account by account,
 * oldest first, anchoring each chain at the last removed link so that what remains still verifies.
 */
@ApplicationScoped
public class RetentionService {

    private final ChainRepository chains;
    private final EvidenceConfig config;
    private final Clock clock;

    RetentionService(ChainRepository chains, EvidenceConfig config, Clock clock) {
        this.chains = chains;
        this.config = config;
        this.clock = clock;
    }

    @Scheduled(cron = "${evidence.retention-cron:0 17 3 * * ?}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> pruneOnSchedule() {
        return pruneRecordedBefore(clock.instant().minus(config.retention()))
                .invoke(removed -> Log.infof("retention removed %d evidence rows", removed))
                .replaceWithVoid();
    }

    /** @return the number of rows removed over all accounts */
    public Uni<Long> pruneRecordedBefore(Instant cutoff) {
        return chains.accounts()
                .chain(accounts -> Multi.createFrom().iterable(accounts)
                        .onItem().transformToUniAndConcatenate(account -> chains.prune(account, cutoff))
                        .collect().with(java.util.stream.Collectors.summingLong(Integer::longValue)));
    }
}
