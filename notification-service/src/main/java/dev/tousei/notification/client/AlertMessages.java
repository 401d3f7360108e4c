package dev.tousei.notification.client;

import dev.tousei.notification.alert.Alert;
import dev.tousei.notification.repository.DeliveryRepository.DueDelivery;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The words and shapes of a notification, per channel type. */
public final class AlertMessages {

    private AlertMessages() {
    }

    /** The generic webhook body (JSON). */
    public record WebhookBody(String type, long deliveryId, int attempt, String reason, int level, String recipient,
                              Alert alert, Instant sentAt) {
    }

    public static WebhookBody webhook(DueDelivery delivery, Instant now) {
        return new WebhookBody(eventType(delivery), delivery.id(), delivery.attempt(), delivery.reason(),
                delivery.level(), delivery.recipient(), delivery.alert(), now);
    }

    static String eventType(DueDelivery delivery) {
        return "alert." + delivery.reason().toLowerCase(Locale.ROOT);
    }

    public static String headline(DueDelivery delivery) {
        Alert alert = delivery.alert();
        String prefix = switch (delivery.reason()) {
            case "REOPENED" -> "Reopened: ";
            case "ESCALATED" -> "Escalated (level " + delivery.level() + "): ";
            default -> "";
        };
        return "[" + alert.severity() + "] " + prefix + alert.title();
    }

    public static String text(DueDelivery delivery) {
        Alert alert = delivery.alert();
        StringBuilder text = new StringBuilder();
        text.append(headline(delivery)).append('\n');
        line(text, "Account", alert.accountId());
        line(text, "Control", alert.displayId() != null ? alert.displayId() : alert.controlId());
        line(text, "Framework", alert.frameworkId());
        line(text, "Resource", alert.resourceId());
        line(text, "Finding type", alert.findingType());
        line(text, "Detail", alert.detail());
        line(text, "State", alert.state().name());
        line(text, "Occurrences", String.valueOf(alert.occurrences()));
        line(text, "Raised at", String.valueOf(alert.raisedAt()));
        line(text, "Alert", alert.id() + " (" + alert.fingerprint() + ")");
        return text.toString();
    }

    private static void line(StringBuilder text, String label, String value) {
        if (value != null && !value.isBlank()) {
            text.append(label).append(": ").append(value).append('\n');
        }
    }

    /** A Slack incoming-webhook message: a fallback {@code text} and one section block in mrkdwn. */
    public static Map<String, Object> slack(DueDelivery delivery) {
        Alert alert = delivery.alert();
        String emoji = switch (alert.severity()) {
            case CRITICAL -> ":red_circle:";
            case HIGH -> ":large_orange_circle:";
            case MEDIUM -> ":large_yellow_circle:";
            default -> ":white_circle:";
        };
        String headline = headline(delivery);
        StringBuilder body = new StringBuilder(emoji).append(" *").append(escape(headline)).append("*\n");
        body.append("*Account* ").append(alert.accountId());
        if (alert.displayId() != null || alert.controlId() != null) {
            body.append("  *Control* ").append(escape(alert.displayId() != null ? alert.displayId() : alert.controlId()));
        }
        if (alert.resourceId() != null) {
            body.append("\n*Resource* `").append(escape(alert.resourceId())).append('`');
        }
        if (alert.detail() != null) {
            body.append('\n').append(escape(alert.detail()));
        }
        body.append("\n_alert ").append(alert.id()).append(", seen ").append(alert.occurrences()).append("x_");
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("text", headline);
        message.put("blocks", List.of(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text",
                body.toString()))));
        return message;
    }

    /** Slack's three control characters. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
