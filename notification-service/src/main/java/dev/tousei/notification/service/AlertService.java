package dev.tousei.notification.service;

import dev.tousei.notification.alert.Alert;
import dev.tousei.notification.repository.AlertRepository;
import dev.tousei.notification.repository.AlertRepository.Activity;
import dev.tousei.notification.repository.AlertRepository.Filter;
import dev.tousei.notification.repository.AlertRepository.Transition;
import dev.tousei.notification.repository.DeliveryRepository;
import dev.tousei.notification.repository.DeliveryRepository.DeliveryView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/** Reading alerts and handling them: acknowledge, resolve, comment, assign. */
@ApplicationScoped
public class AlertService {

    private final AlertRepository alerts;
    private final DeliveryRepository deliveries;
    private final OutboxRelay outbox;
    private final Clock clock;

    AlertService(AlertRepository alerts, DeliveryRepository deliveries, OutboxRelay outbox, Clock clock) {
        this.alerts = alerts;
        this.deliveries = deliveries;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Uni<List<Alert>> list(Filter filter) {
        return alerts.list(filter);
    }

    public Uni<Alert> get(UUID id) {
        return alerts.find(id).map(found -> found.orElseThrow(() -> NotificationException.notFound("alert", id)));
    }

    public Uni<List<Activity>> activity(UUID id) {
        return get(id).chain(() -> alerts.activity(id));
    }

    public Uni<List<DeliveryView>> deliveries(UUID id) {
        return get(id).chain(() -> deliveries.ofAlert(id));
    }

    public Uni<Alert> acknowledge(UUID id, String actor, String comment) {
        return alerts.acknowledge(id, actor, comment, clock.instant()).map(t -> outcome(id, t, "acknowledged"));
    }

    public Uni<Alert> resolve(UUID id, String actor, String comment) {
        return alerts.resolve(id, actor, comment, clock.instant()).map(t -> outcome(id, t, "resolved"));
    }

    public Uni<Activity> comment(UUID id, String actor, String text) {
        return alerts.comment(id, actor, text, clock.instant()).chain(found -> {
            if (!found) {
                return Uni.createFrom().failure(NotificationException.notFound("alert", id));
            }
            return alerts.activity(id).map(all -> all.get(all.size() - 1));
        });
    }

    public Uni<Alert> assign(UUID id, String actor, String assignee) {
        return alerts.assign(id, actor, assignee, clock.instant())
                .map(found -> found.orElseThrow(() -> NotificationException.notFound("alert", id)));
    }

    private Alert outcome(UUID id, Transition transition, String verb) {
        if (transition.previousState().isEmpty()) {
            throw NotificationException.notFound("alert", id);
        }
        if (transition.alert() == null) {
            throw NotificationException.conflict("alert " + id + " is " + transition.previousState().get()
                    + " and cannot be " + verb);
        }
        outbox.wake();
        return transition.alert();
    }
}
