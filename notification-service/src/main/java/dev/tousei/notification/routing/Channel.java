package dev.tousei.notification.routing;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Where alerts go. {@code secret} signs webhook bodies and never leaves the service. */
public record Channel(UUID id, String name, ChannelType type, String url, String secret, List<String> recipients,
                      boolean enabled, Instant createdAt, Instant updatedAt) {
}
