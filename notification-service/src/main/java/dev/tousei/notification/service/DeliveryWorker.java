package dev.tousei.notification.service;

import dev.tousei.notification.client.ChannelSender;
import dev.tousei.notification.config.NotificationConfig;
import dev.tousei.notification.messaging.TraceParent;
import dev.tousei.notification.repository.DeliveryRepository;
import dev.tousei.notification.repository.DeliveryRepository.DueDelivery;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends deliveries. First attempts of new alerts come straight from {@code AlertIntake} ({@link #sendNow}); escalations
 * wake the worker at once; the poll interval picks up retries that fell due. Deliveries are claimed with a lease (so several instances share the queue, and a delivery whose instance died
 * is taken up again), sent concurrently up to {@code max-in-flight}, and each attempt is logged. A failed attempt is
 * retried with exponential backoff, stored in the row: a channel that is down delays its alerts but never loses them.
 */
@ApplicationScoped
public class DeliveryWorker {

    private final DeliveryRepository repository;
    private final ChannelSender sender;
    private final NotificationConfig.Delivery config;
    private final Clock clock;
    private final Vertx vertx;
    private final MeterRegistry metrics;
    private final AtomicBoolean claiming = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();

    DeliveryWorker(DeliveryRepository repository, ChannelSender sender, NotificationConfig config, Clock clock,
                   Vertx vertx, MeterRegistry metrics) {
        this.repository = repository;
        this.sender = sender;
        this.config = config.delivery();
        this.clock = clock;
        this.vertx = vertx;
        this.metrics = metrics;
        metrics.gauge("tousei_deliveries_in_flight", inFlight);
    }

    @Scheduled(every = "${notification.delivery.poll-interval}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        wake();
    }

    /** Claims and sends what is due, now, on a Vert.x context; returns at once. */
    public void wake() {
        requested.set(true);
        if (!claiming.compareAndSet(false, true)) {
            return; // the running pass looks again when it ends
        }
        var context = VertxContext.getOrCreateDuplicatedContext(vertx);
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> claimAndSend());
    }

    private void claimAndSend() {
        requested.set(false);
        int capacity = config.maxInFlight() - inFlight.get();
        if (capacity <= 0) {
            claiming.set(false);
            return; // a finishing delivery wakes us
        }
        Instant now = clock.instant();
        repository.claimDue(now, now.plus(config.lease()), capacity).subscribe().with(due -> {
            due.forEach(this::sendNow);
            if (due.size() == capacity || requested.get()) {
                claimAndSend();
            } else {
                claiming.set(false);
                if (requested.get()) {
                    wake();
                }
            }
        }, failure -> {
            claiming.set(false);
            Log.warnf("claiming deliveries failed, the next poll retries: %s", failure.getMessage());
        });
    }

    /**
     * Sends a claimed delivery, or a first attempt for one the caller has just written already leased (see
     * {@code AlertIntake}), on a duplicated context of its own: the delivery's trace is attached to it for the attempt.
     */
    public void sendNow(DueDelivery delivery) {
        var context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> sendOne(delivery));
    }

    private void sendOne(DueDelivery delivery) {
        inFlight.incrementAndGet();
        long started = System.nanoTime();
        // the HTTP client's span, and the traceparent header it writes, continue the trace the alert was raised in
        Scope trace = TraceParent.restore(delivery.traceparent()).map(Context::makeCurrent).orElse(Scope.noop());
        sender.send(delivery)
                .chain(outcome -> record(delivery, outcome, started))
                .onFailure().invoke(failure -> Log.warnf("recording delivery %d failed (lease expiry retries it): %s",
                        delivery.id(), failure.getMessage()))
                .onTermination().invoke(() -> {
                    trace.close();
                    int before = inFlight.getAndDecrement();
                    if (before >= config.maxInFlight()) {
                        wake();
                    }
                })
                .subscribe().with(ignored -> { }, ignored -> { });
    }

    private Uni<Void> record(DueDelivery delivery, ChannelSender.Outcome outcome, long started) {
        long nanos = System.nanoTime() - started;
        int durationMs = (int) TimeUnit.NANOSECONDS.toMillis(nanos);
        Instant now = clock.instant();
        String type = delivery.channel().type().name();
        Timer.builder("tousei_delivery_attempt_seconds").tag("channel_type", type)
                .tag("outcome", outcome.success() ? "success" : "failure").register(metrics)
                .record(nanos, TimeUnit.NANOSECONDS);
        if (outcome.success()) {
            if (delivery.attempt() == 1 && "RAISED".equals(delivery.reason())) {
                Timer.builder("tousei_alert_notification_latency_seconds")
                        .description("from the alert being raised to its first successful delivery")
                        .publishPercentiles(0.5, 0.99).register(metrics)
                        .record(Duration.between(delivery.alert().raisedAt(), now));
            }
            return repository.recordAttempt(delivery.id(), delivery.attempt(), "DELIVERED", null, now, null,
                    durationMs, outcome.statusCode());
        }
        boolean giveUp = delivery.createdAt().plus(config.giveUpAfter()).isBefore(now);
        Instant next = now.plus(Backoff.after(delivery.attempt(), config.initialBackoff(), config.maxBackoff(),
                ThreadLocalRandom.current().nextDouble()));
        if (giveUp) {
            Log.errorf("delivery %d of alert %s to channel %s given up after %d attempts: %s", delivery.id(),
                    delivery.alert().id(), delivery.channel().name(), delivery.attempt(), outcome.error());
            metrics.counter("tousei_deliveries_given_up_total", "channel_type", type).increment();
        } else {
            Log.infof("delivery %d to channel %s failed (attempt %d: %s), next attempt at %s", delivery.id(),
                    delivery.channel().name(), delivery.attempt(), outcome.error(), next);
        }
        return repository.recordAttempt(delivery.id(), delivery.attempt(), giveUp ? "GAVE_UP" : "PENDING",
                giveUp ? null : next, now, outcome.error(), durationMs, outcome.statusCode());
    }

}
