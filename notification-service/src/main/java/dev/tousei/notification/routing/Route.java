package dev.tousei.notification.routing;

import dev.tousei.notification.alert.AlertSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A routing rule: an alert matching every non-empty criterion goes to the channels and level-1 contacts; when not
 * acknowledged within {@code ackTimeout}, to the next level's contacts.
 */
public record Route(UUID id, String name, Set<String> severities, Set<String> frameworks, Set<String> controls,
                    Set<String> accounts, List<UUID> channelIds, Duration ackTimeout, boolean enabled,
                    List<Contact> contacts, Instant createdAt, Instant updatedAt) {

    public boolean matches(AlertSignal alert) {
        return enabled
                && (severities.isEmpty() || severities.contains(alert.severity().name()))
                && (frameworks.isEmpty() || alert.frameworkId() != null && frameworks.contains(alert.frameworkId()))
                && (controls.isEmpty() || alert.controlId() != null && controls.contains(alert.controlId())
                        || alert.displayId() != null && controls.contains(alert.displayId()))
                && (accounts.isEmpty() || accounts.contains(alert.accountId()));
    }

    public int maxLevel() {
        return contacts.stream().mapToInt(Contact::level).max().orElse(0);
    }

    public List<Contact> contactsAt(int level) {
        return contacts.stream().filter(contact -> contact.level() == level).toList();
    }

    /** Whether an alert routed here can escalate at all. */
    public boolean escalates() {
        return ackTimeout != null && maxLevel() > 1;
    }
}
