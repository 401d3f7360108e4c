package dev.tousei.notification.service;

import dev.tousei.notification.repository.RoutingRepository;
import dev.tousei.notification.routing.Channel;
import dev.tousei.notification.routing.RoutingTable;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Routes, channels and active suppressions in memory, so that routing an alert costs no database round trip. Reloaded
 * right after every change made through this instance and every {@code notification.routing-refresh} for changes made
 * through others; suppression expiry is checked against the clock at each decision.
 */
@ApplicationScoped
public class RoutingCache {

    private final RoutingRepository repository;
    private final Clock clock;
    private final AtomicReference<RoutingTable> table = new AtomicReference<>(RoutingTable.EMPTY);
    private volatile boolean loaded;

    RoutingCache(RoutingRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** The current table; loads it first if it never was (first event after start). */
    public Uni<RoutingTable> current() {
        return loaded ? Uni.createFrom().item(table.get()) : reload();
    }

    public Uni<RoutingTable> reload() {
        return repository.routes()
                .chain(routes -> repository.channels().chain(channels -> repository.activeSuppressions(clock.instant())
                        .map(suppressions -> new RoutingTable(routes,
                                channels.stream().collect(Collectors.toUnmodifiableMap(Channel::id, Function.identity())),
                                suppressions))))
                .invoke(fresh -> {
                    table.set(fresh);
                    loaded = true;
                });
    }

    @Scheduled(every = "${notification.routing-refresh}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    Uni<Void> refresh() {
        return reload().onFailure().invoke(e -> Log.warnf("reloading routes failed, keeping the last ones: %s",
                e.getMessage())).onFailure().recoverWithNull().replaceWithVoid();
    }

    public Map<java.util.UUID, Channel> channels() {
        return table.get().channels();
    }
}
