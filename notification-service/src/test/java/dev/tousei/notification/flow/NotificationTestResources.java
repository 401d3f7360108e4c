package dev.tousei.notification.flow;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import dev.tousei.events.catalog.ControlChanged;
import dev.tousei.events.catalog.ControlSnapshot;
import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import dev.tousei.events.catalog.ControlSnapshot.Responsibility;
import dev.tousei.events.catalog.ControlSnapshot.ResponsibilityMark;
import dev.tousei.events.catalog.ControlSnapshot.Severity;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the tests run against besides the local PostgreSQL, Kafka and Keycloak: own topics per run (with a small catalog
 * published before the service starts), a real SMTP server (GreenMail) and an HTTP receiver for webhooks; deliveries
 * and escalations are checked often and retried quickly so that the tests stay short.
 */
public class NotificationTestResources implements QuarkusTestResourceLifecycleManager {

    static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    static final String STATUS = "test.assessment.control-status-changed." + RUN;
    static final String EVIDENCE = "test.evidence.evidence-recorded." + RUN;
    static final String CATALOG = "test.catalog.control-changed." + RUN;
    static final String RAISED = "test.notification.alert-raised." + RUN;
    static final String STATE_CHANGED = "test.notification.alert-state-changed." + RUN;
    static final String STATUS_DLQ = "dlq.notification-service." + STATUS;
    static final String EVIDENCE_DLQ = "dlq.notification-service." + EVIDENCE;

    /** A detection control (framework aws-wa-security, HIGH) and a governance one (FISC, LOW). */
    static final String DETECT = "sec04-bp01";
    static final String GOVERN = "fisc-t1";

    static GreenMail smtp;
    static WebhookReceiver webhooks;

    @Override
    public Map<String, String> start() {
        int smtpPort = freePort();
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        webhooks = WebhookReceiver.start();
        TestEvents.publishCatalog(List.of(
                control(DETECT, "SEC04-BP01", "aws-wa-security", Severity.HIGH),
                control(GOVERN, "統1", "fisc-control-standards", Severity.LOW)));
        Map<String, String> config = new HashMap<>();
        config.put("notification.status-topic", STATUS);
        config.put("notification.status-dead-letter-topic", STATUS_DLQ);
        config.put("notification.evidence-topic", EVIDENCE);
        config.put("notification.evidence-dead-letter-topic", EVIDENCE_DLQ);
        config.put("notification.catalog-topic", CATALOG);
        config.put("notification.alert-raised-topic", RAISED);
        config.put("notification.alert-state-changed-topic", STATE_CHANGED);
        config.put("mp.messaging.incoming.status-changed.group.id", "notification-test-" + RUN);
        config.put("mp.messaging.incoming.evidence-recorded.group.id", "notification-test-" + RUN);
        config.put("notification.delivery.poll-interval", "1s");
        config.put("notification.delivery.initial-backoff", "300ms");
        config.put("notification.delivery.max-backoff", "1s");
        config.put("notification.delivery.timeout", "5s");
        config.put("notification.escalation.check-interval", "1s");
        config.put("notification.kpi.metrics-refresh", "2s");
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", String.valueOf(smtpPort));
        config.put("quarkus.mailer.start-tls", "DISABLED");
        return config;
    }

    @Override
    public void stop() {
        if (smtp != null) {
            smtp.stop();
        }
        if (webhooks != null) {
            webhooks.stop();
        }
    }

    static ControlSnapshot control(String id, String display, String framework, Severity severity) {
        return new ControlSnapshot(id, display, List.of(), framework, null, ControlKind.REQUIREMENT,
                "テスト " + id, "Test " + id, new Responsibility(ResponsibilityMark.INFORMATION, ResponsibilityMark.PRIMARY),
                AssessmentMode.AUTOMATED, "PT24H", severity, List.of(), List.of(), 0);
    }

    static ControlChanged created(ControlSnapshot control) {
        return new ControlChanged(UUID.randomUUID(), control.id(), ControlChanged.ChangeKind.CREATED, 1, Instant.now(),
                "test", control);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
