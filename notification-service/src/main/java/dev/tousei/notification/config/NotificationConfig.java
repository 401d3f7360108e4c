package dev.tousei.notification.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

@ConfigMapping(prefix = "notification")
public interface NotificationConfig {

    String statusTopic();

    String evidenceTopic();

    String catalogTopic();

    String statusDeadLetterTopic();

    String evidenceDeadLetterTopic();

    String alertRaisedTopic();

    String alertStateChangedTopic();

    /** A STALE control raises an alert only at these severities (of the control). */
    @WithDefault("CRITICAL,HIGH")
    Set<String> staleAlertSeverities();

    DefaultWebhook defaultWebhook();

    Delivery delivery();

    Escalation escalation();

    Kpi kpi();

    /** How often the in-memory routes, channels and suppressions are reloaded (changes made here apply at once). */
    @WithDefault("10s")
    Duration routingRefresh();

    interface DefaultWebhook {
        /** NOTIFICATION_WEBHOOK_URL: a channel "default-webhook" and a route "default" for every alert. */
        Optional<String> url();

        Optional<String> secret();
    }

    interface Delivery {
        /** Safety-net poll; new alerts wake the worker at once. */
        @WithDefault("1s")
        Duration pollInterval();

        @WithDefault("2s")
        Duration initialBackoff();

        @WithDefault("5m")
        Duration maxBackoff();

        /** After this long without success a delivery is given up (state GAVE_UP, counted in metrics). */
        @WithDefault("72h")
        Duration giveUpAfter();

        @WithDefault("10s")
        Duration timeout();

        @WithDefault("32")
        int maxInFlight();

        /** A claimed delivery whose instance died is retried after this. */
        @WithDefault("2m")
        Duration lease();
    }

    interface Escalation {
        @WithDefault("5s")
        Duration checkInterval();
    }

    interface Kpi {
        /** The agreed time to resolve, per severity (SEC10-2). */
        @WithDefault("PT4H")
        Duration resolveTargetCritical();

        @WithDefault("PT24H")
        Duration resolveTargetHigh();

        @WithDefault("P3D")
        Duration resolveTargetMedium();

        @WithDefault("P7D")
        Duration resolveTargetLow();

        @WithDefault("P30D")
        Duration resolveTargetInformational();

        /** The rolling window of the Prometheus KPI gauges. */
        @WithDefault("P30D")
        Duration metricsWindow();

        @WithDefault("30s")
        Duration metricsRefresh();
    }
}
