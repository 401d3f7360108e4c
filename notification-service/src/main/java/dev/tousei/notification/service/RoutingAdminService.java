package dev.tousei.notification.service;

import dev.tousei.notification.repository.RoutingRepository;
import dev.tousei.notification.routing.Channel;
import dev.tousei.notification.routing.ChannelType;
import dev.tousei.notification.routing.Contact;
import dev.tousei.notification.routing.Route;
import dev.tousei.notification.routing.Suppression;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** Channels, routes with on-call contacts, and suppressions, edited by admins; every change reloads the cache. */
@ApplicationScoped
public class RoutingAdminService {

    private final RoutingRepository repository;
    private final RoutingCache cache;
    private final Clock clock;

    RoutingAdminService(RoutingRepository repository, RoutingCache cache, Clock clock) {
        this.repository = repository;
        this.cache = cache;
        this.clock = clock;
    }

    // ------------------------------------------------------------------------------------------------ channels

    public Uni<List<Channel>> channels() {
        return repository.channels();
    }

    public Uni<Channel> channel(UUID id) {
        return repository.channel(id).map(found -> found.orElseThrow(() -> NotificationException.notFound("channel", id)));
    }

    /** @param secret null on update keeps the stored secret */
    public Uni<Channel> saveChannel(UUID id, String name, ChannelType type, String url, String secret,
                                    List<String> recipients, boolean enabled, boolean create) {
        checkChannel(type, url, recipients);
        Instant now = clock.instant();
        Uni<Channel> existing = create ? Uni.createFrom().nullItem() : channel(id);
        return existing.chain(before -> {
            String keptSecret = secret != null ? secret : before == null ? null : before.secret();
            Channel channel = new Channel(id, name, type, url, keptSecret, recipients == null ? List.of() : recipients,
                    enabled, before == null ? now : before.createdAt(), now);
            return repository.saveChannel(repository.pool(), channel);
        }).onFailure(PgException.class).transform(RoutingAdminService::translate)
                .call(cache::reload);
    }

    public Uni<Void> deleteChannel(UUID id) {
        return channel(id).chain(() -> repository.routesUsing(id)).chain(count -> {
            if (count > 0) {
                return Uni.createFrom().failure(NotificationException.conflict(
                        "channel " + id + " is used by " + count + " route(s); remove it from them first"));
            }
            return repository.deleteChannel(id);
        }).onFailure(PgException.class).transform(RoutingAdminService::translate)
                .call(cache::reload).replaceWithVoid();
    }

    private static void checkChannel(ChannelType type, String url, List<String> recipients) {
        if (type == ChannelType.EMAIL) {
            if (recipients == null || recipients.isEmpty()) {
                throw NotificationException.invalid("an EMAIL channel needs at least one recipient");
            }
            return;
        }
        if (url == null) {
            throw NotificationException.invalid("a " + type + " channel needs a url");
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw NotificationException.invalid("url is not a URI: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw NotificationException.invalid("url must be an absolute http(s) URL");
        }
    }

    // -------------------------------------------------------------------------------------------------- routes

    public Uni<List<Route>> routes() {
        return repository.routes();
    }

    public Uni<Route> route(UUID id) {
        return repository.routes().map(routes -> routes.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> NotificationException.notFound("route", id)));
    }

    public Uni<Route> saveRoute(Route draft, boolean create) {
        Instant now = clock.instant();
        Uni<Route> existing = create ? Uni.createFrom().nullItem() : route(draft.id());
        return existing.chain(before -> repository.channels().chain(channels -> {
            Set<UUID> known = new HashSet<>();
            channels.forEach(channel -> known.add(channel.id()));
            for (UUID channelId : draft.channelIds()) {
                if (!known.contains(channelId)) {
                    return Uni.createFrom().failure(NotificationException.invalid("channel " + channelId + " does not exist"));
                }
            }
            for (Contact contact : draft.contacts()) {
                if (!known.contains(contact.channelId())) {
                    return Uni.createFrom().failure(NotificationException.invalid(
                            "contact " + contact.name() + ": channel " + contact.channelId() + " does not exist"));
                }
            }
            if (draft.ackTimeout() != null && (draft.ackTimeout().isNegative() || draft.ackTimeout().isZero())) {
                return Uni.createFrom().failure(NotificationException.invalid("ackTimeout must be positive"));
            }
            if (draft.maxLevel() > 1 && draft.ackTimeout() == null) {
                return Uni.createFrom().failure(NotificationException.invalid(
                        "contacts above level 1 need an ackTimeout to escalate after"));
            }
            Route route = new Route(draft.id(), draft.name(), draft.severities(), draft.frameworks(),
                    draft.controls(), draft.accounts(), draft.channelIds(), draft.ackTimeout(), draft.enabled(),
                    draft.contacts(), before == null ? now : before.createdAt(), now);
            return repository.pool().withTransaction(connection -> repository.saveRoute(connection, route));
        })).onFailure(PgException.class).transform(RoutingAdminService::translate)
                .call(cache::reload).chain(() -> route(draft.id()));
    }

    public Uni<Void> deleteRoute(UUID id) {
        return repository.deleteRoute(id).chain(deleted -> deleted ? cache.reload().replaceWithVoid()
                : Uni.createFrom().failure(NotificationException.notFound("route", id)));
    }

    // ------------------------------------------------------------------------------------------- suppressions

    public Uni<List<Suppression>> suppressions(boolean includeExpired) {
        return repository.suppressions(includeExpired, clock.instant());
    }

    public Uni<Suppression> suppress(String accountId, String controlId, String resourceId, String findingType,
                                     String reason, String owner, Instant expiresAt, String createdBy) {
        Instant now = clock.instant();
        if (accountId == null && controlId == null && resourceId == null && findingType == null) {
            throw NotificationException.invalid("a suppression needs at least one of accountId, controlId, resourceId,"
                    + " findingType");
        }
        if (!expiresAt.isAfter(now)) {
            throw NotificationException.invalid("expiresAt must be in the future");
        }
        Suppression suppression = new Suppression(UUID.randomUUID(), accountId, controlId, resourceId, findingType,
                reason, owner, createdBy, now, expiresAt);
        return repository.insertSuppression(suppression).call(cache::reload).replaceWith(suppression);
    }

    /** Ends a suppression now; it stays listed with {@code includeExpired}. */
    public Uni<Void> endSuppression(UUID id) {
        return repository.expireSuppression(id, clock.instant()).chain(found -> found
                ? cache.reload().replaceWithVoid()
                : Uni.createFrom().failure(NotificationException.notFound("suppression", id)));
    }

    private static Throwable translate(Throwable failure) {
        if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            return NotificationException.conflict("the name is already taken");
        }
        if (failure instanceof PgException pg && "23503".equals(pg.getSqlState())) {
            return NotificationException.conflict("still referenced: " + pg.getDetail());
        }
        return failure;
    }
}
