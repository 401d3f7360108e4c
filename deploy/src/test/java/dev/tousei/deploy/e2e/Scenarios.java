package dev.tousei.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Reads the services' public APIs the way a SOC tool would; shared by the end-to-end tests. */
final class Scenarios {

    static final String SEC4_1 = "sec04-bp01";
    static final String SEC10_4 = "sec10-bp04";

    private final E2eStack stack;

    Scenarios(E2eStack stack) {
        this.stack = stack;
    }

    /** {@code GET /api/v1/statuses?account=} of assessment-service. */
    List<JsonNode> statuses(String account) {
        return list(stack.http.getJson(stack.url(E2eStack.ASSESSMENT) + "/api/v1/statuses?account=" + account,
                stack.viewer()));
    }

    Optional<JsonNode> status(String account, String controlId) {
        return statuses(account).stream().filter(s -> controlId.equals(s.path("controlId").asText())).findFirst();
    }

    /** Waits until the control has {@code expected} status in the account. */
    JsonNode awaitStatus(String account, String controlId, String expected) {
        return Await.until(controlId + " " + expected + " in account " + account,
                () -> status(account, controlId).filter(s -> expected.equals(s.path("status").asText())));
    }

    /** {@code GET /api/v1/evidence?accountId=} of evidence-collector (newest first). */
    List<JsonNode> evidence(String account) {
        return list(stack.http.getJson(stack.url(E2eStack.EVIDENCE) + "/api/v1/evidence?accountId=" + account,
                stack.viewer()).path("items"));
    }

    JsonNode awaitEvidence(String description, String account, Predicate<JsonNode> filter) {
        return Await.until("evidence " + description + " in account " + account,
                () -> evidence(account).stream().filter(filter).findFirst());
    }

    /** {@code GET /api/v1/alerts?account=} of notification-service. */
    List<JsonNode> alerts(String account) {
        return list(stack.http.getJson(stack.url(E2eStack.NOTIFICATION) + "/api/v1/alerts?account=" + account,
                stack.viewer()));
    }

    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    static boolean hasEffect(JsonNode evidence, String controlId, String effect, String escalation) {
        for (JsonNode e : evidence.path("effects")) {
            if (controlId.equals(e.path("controlId").asText()) && (effect == null || effect.equals(e.path("effect").asText()))
                    && (escalation == null || escalation.equals(e.path("escalation").asText()))) {
                return true;
            }
        }
        return false;
    }
}
