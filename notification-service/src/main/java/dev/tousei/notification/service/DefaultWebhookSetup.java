package dev.tousei.notification.service;

import dev.tousei.notification.config.NotificationConfig;
import dev.tousei.notification.repository.RoutingRepository;
import dev.tousei.notification.routing.Channel;
import dev.tousei.notification.routing.ChannelType;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * NOTIFICATION_WEBHOOK_URL (local demo): at start, a WEBHOOK channel "default-webhook" with that URL (signed with
 * NOTIFICATION_WEBHOOK_SECRET when set) and a route "default" without criteria sending every alert there.
 */
@ApplicationScoped
public class DefaultWebhookSetup {

    public static final String CHANNEL = "default-webhook";
    public static final String ROUTE = "default";

    private final RoutingRepository repository;
    private final RoutingCache cache;
    private final Clock clock;

    DefaultWebhookSetup(RoutingRepository repository, RoutingCache cache, Clock clock) {
        this.repository = repository;
        this.cache = cache;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event, NotificationConfig config) {
        String url = config.defaultWebhook().url().filter(u -> !u.isBlank()).orElse(null);
        if (url == null) {
            return;
        }
        configure(url, config.defaultWebhook().secret().filter(s -> !s.isBlank()).orElse(null))
                .await().atMost(Duration.ofSeconds(30));
        Log.infof("every alert also goes to NOTIFICATION_WEBHOOK_URL %s (channel %s, route %s)", url, CHANNEL, ROUTE);
    }

    /** Creates or updates the channel and the catch-all route (idempotent: by name). */
    public Uni<Void> configure(String url, String secret) {
        var now = clock.instant();
        Channel channel = new Channel(UUID.nameUUIDFromBytes(CHANNEL.getBytes(StandardCharsets.UTF_8)), CHANNEL,
                ChannelType.WEBHOOK, url, secret, List.of(), true, now, now);
        return repository.upsertChannelByName(channel)
                .chain(saved -> repository.upsertRouteByName(ROUTE,
                        UUID.nameUUIDFromBytes(ROUTE.getBytes(StandardCharsets.UTF_8)), List.of(saved.id()), now))
                .chain(cache::reload)
                .replaceWithVoid();
    }
}
