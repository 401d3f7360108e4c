package dev.tousei.notification.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tousei.notification.alert.AlertKind;
import dev.tousei.notification.alert.AlertSignal;
import dev.tousei.notification.alert.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RoutingTableTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final Channel PAGER = channel("pager", true);
    private static final Channel CHAT = channel("chat", true);
    private static final Channel MAIL = channel("mail", true);
    private static final Channel OFF = channel("off", false);

    private static Channel channel(String name, boolean enabled) {
        return new Channel(UUID.randomUUID(), name, ChannelType.WEBHOOK, "https://x/" + name, null, List.of(), enabled,
                NOW, NOW);
    }

    private static AlertSignal alert(Severity severity, String framework, String account, boolean sample) {
        return new AlertSignal("control:" + account + "/c1/*", AlertKind.CONTROL_FAILED, account, "c1", "C1",
                framework, null, "Recon:EC2/Portscan", severity, "t", null, sample, "status:1", NOW);
    }

    private static Route route(Set<String> severities, Set<String> frameworks, List<UUID> channels,
                               Duration ackTimeout, List<Contact> contacts) {
        return new Route(UUID.randomUUID(), "r", severities, frameworks, Set.of(), Set.of(), channels, ackTimeout,
                true, contacts, NOW, NOW);
    }

    private static RoutingTable table(List<Route> routes, List<Suppression> suppressions) {
        return new RoutingTable(routes, Map.of(PAGER.id(), PAGER, CHAT.id(), CHAT, MAIL.id(), MAIL, OFF.id(), OFF),
                suppressions);
    }

    @Test
    void everyMatchingRouteAddsItsChannelsOnce() {
        var table = table(List.of(
                route(Set.of("CRITICAL"), Set.of(), List.of(PAGER.id(), CHAT.id()), null, List.of()),
                route(Set.of(), Set.of("aws-wa-security"), List.of(CHAT.id(), OFF.id()), null, List.of()),
                route(Set.of("LOW"), Set.of(), List.of(MAIL.id()), null, List.of())), List.of());
        var decision = table.decide(alert(Severity.CRITICAL, "aws-wa-security", "111122223333", false), NOW);
        assertThat(decision.suppressed()).isFalse();
        assertThat(decision.targets()).extracting(RoutingTable.Target::channelId)
                .containsExactly(PAGER.id(), CHAT.id()); // the disabled channel is skipped, CHAT once
        assertThat(table.decide(alert(Severity.MEDIUM, "fisc", "111122223333", false), NOW).targets()).isEmpty();
    }

    @Test
    void levelOneContactsAreToldAtOnceAndEscalationIsPlannedOnlyWithHigherLevels() {
        Contact first = new Contact(UUID.randomUUID(), 1, "Sato", CHAT.id(), null);
        Contact second = new Contact(UUID.randomUUID(), 2, "Suzuki", MAIL.id(), "suzuki@example.test");
        Route escalating = route(Set.of(), Set.of(), List.of(PAGER.id()), Duration.ofMinutes(15), List.of(first, second));
        Route flat = route(Set.of(), Set.of(), List.of(), Duration.ofMinutes(15), List.of(first));
        var decision = table(List.of(escalating, flat), List.of())
                .decide(alert(Severity.HIGH, "x", "111122223333", false), NOW);
        assertThat(decision.targets()).containsExactly(new RoutingTable.Target(PAGER.id(), null, 0),
                new RoutingTable.Target(CHAT.id(), null, 1));
        assertThat(decision.escalations()).singleElement()
                .isEqualTo(new RoutingTable.EscalationPlan(escalating.id(), Duration.ofMinutes(15)));
    }

    @Test
    void anActiveSuppressionHoldsTheAlertAndAnExpiredOneDoesNot() {
        Suppression suppression = new Suppression(UUID.randomUUID(), "111122223333", "C1", null, null, "window",
                "ops", "admin", NOW.minusSeconds(60), NOW.plusSeconds(60));
        var table = table(List.of(route(Set.of(), Set.of(), List.of(PAGER.id()), null, List.of())),
                List.of(suppression));
        var held = table.decide(alert(Severity.HIGH, "x", "111122223333", false), NOW);
        assertThat(held.suppressed()).isTrue();
        assertThat(held.suppressedBy()).isEqualTo(suppression.id());
        assertThat(held.targets()).isEmpty();
        assertThat(table.decide(alert(Severity.HIGH, "x", "111122223333", false), NOW.plusSeconds(61)).suppressed())
                .isFalse();
        assertThat(table.decide(alert(Severity.HIGH, "x", "999988887777", false), NOW).suppressed()).isFalse();
    }

    @Test
    void samplesAreNeverSent() {
        var table = table(List.of(route(Set.of(), Set.of(), List.of(PAGER.id()), null, List.of())), List.of());
        var decision = table.decide(alert(Severity.CRITICAL, "x", "111122223333", true), NOW);
        assertThat(decision.suppressedReason()).isEqualTo(RoutingTable.SAMPLE_REASON);
        assertThat(decision.targets()).isEmpty();
    }
}
