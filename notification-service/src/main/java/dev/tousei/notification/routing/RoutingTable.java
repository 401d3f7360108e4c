package dev.tousei.notification.routing;

import dev.tousei.notification.alert.AlertSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** An immutable snapshot of routes, channels and suppressions, and the decision for one alert. */
public record RoutingTable(List<Route> routes, Map<UUID, Channel> channels, List<Suppression> suppressions) {

    public static final RoutingTable EMPTY = new RoutingTable(List.of(), Map.of(), List.of());
    public static final String SAMPLE_REASON = "sample or canary finding: never sent";

    /** One message to queue: to a route's channel (level 0) or to a contact (level ≥ 1, maybe with an address). */
    public record Target(UUID channelId, String recipient, int level) {
    }

    /** Look again at this route's next level when the alert is not acknowledged by then. */
    public record EscalationPlan(UUID routeId, Duration ackTimeout) {
    }

    /**
     * @param suppressedBy the matching suppression, if any
     * @param suppressedReason why the alert is recorded but not sent; null when it is sent
     */
    public record Decision(UUID suppressedBy, String suppressedReason, List<Target> targets,
                           List<EscalationPlan> escalations) {
        public boolean suppressed() {
            return suppressedReason != null;
        }
    }

    public Decision decide(AlertSignal alert, Instant now) {
        if (alert.sample()) {
            return new Decision(null, SAMPLE_REASON, List.of(), List.of());
        }
        for (Suppression suppression : suppressions) {
            if (suppression.matches(alert, now)) {
                return new Decision(suppression.id(), "suppressed by " + suppression.owner() + " until "
                        + suppression.expiresAt() + ": " + suppression.reason(), List.of(), List.of());
            }
        }
        Set<Target> targets = new LinkedHashSet<>();
        List<EscalationPlan> escalations = new ArrayList<>();
        for (Route route : routes) {
            if (!route.matches(alert)) {
                continue;
            }
            for (UUID channelId : route.channelIds()) {
                if (usable(channelId)) {
                    targets.add(new Target(channelId, null, 0));
                }
            }
            for (Contact contact : route.contactsAt(1)) {
                if (usable(contact.channelId())) {
                    targets.add(new Target(contact.channelId(), contact.address(), 1));
                }
            }
            if (route.escalates()) {
                escalations.add(new EscalationPlan(route.id(), route.ackTimeout()));
            }
        }
        return new Decision(null, null, dedupe(targets), List.copyOf(escalations));
    }

    public Route route(UUID id) {
        return routes.stream().filter(route -> route.id().equals(id)).findFirst().orElse(null);
    }

    private boolean usable(UUID channelId) {
        Channel channel = channels.get(channelId);
        return channel != null && channel.enabled();
    }

    /** The same channel and recipient once, at the lowest level that names it. */
    private static List<Target> dedupe(Set<Target> targets) {
        List<Target> result = new ArrayList<>();
        for (Target target : targets) {
            boolean seen = result.stream().anyMatch(t -> t.channelId().equals(target.channelId())
                    && java.util.Objects.equals(t.recipient(), target.recipient()));
            if (!seen) {
                result.add(target);
            }
        }
        return List.copyOf(result);
    }
}
