package dev.tousei.notification.routing;

import java.util.UUID;

/**
 * An on-call person of a route: level 1 is told when the alert is raised, level n+1 when level n did not acknowledge
 * within the route's time.
 *
 * @param address the person's e-mail address for an EMAIL channel; null to use the channel's own target
 */
public record Contact(UUID id, int level, String name, UUID channelId, String address) {
}
