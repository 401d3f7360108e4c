package dev.tousei.notification.service;

import dev.tousei.notification.config.NotificationConfig;
import dev.tousei.notification.repository.RoutingRepository;
import dev.tousei.notification.routing.Channel;
import dev.tousei.notification.routing.ChannelType;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
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
class DefaultWebhookSetup {

    static final String CHANNEL = "default-webhook";
    static final String ROUTE = "default";

    void onStart(@Observes StartupEvent event, NotificationConfig config, RoutingRepository repository,
                 RoutingCache cache, Clock clock) {
        String url = config.defaultWebhook().url().filter(u -> !u.isBlank()).orElse(null);
        if (url == null) {
            return;
        }
        var now = clock.instant();
        Channel channel = new Channel(UUID.nameUUIDFromBytes(CHANNEL.getBytes(StandardCharsets.UTF_8)), CHANNEL,
                ChannelType.WEBHOOK, url, config.defaultWebhook().secret().filter(s -> !s.isBlank()).orElse(null),
                List.of(), true, now, now);
        repository.upsertChannelByName(channel)
                .chain(saved -> repository.upsertRouteByName(ROUTE,
                        UUID.nameUUIDFromBytes(ROUTE.getBytes(StandardCharsets.UTF_8)), List.of(saved.id()), now))
                .chain(cache::reload)
                .await().atMost(Duration.ofSeconds(30));
        Log.infof("every alert also goes to NOTIFICATION_WEBHOOK_URL %s (channel %s, route %s)", url, CHANNEL, ROUTE);
    }
}
