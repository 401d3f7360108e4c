package dev.tousei.assessment.publish;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@link EventBridgeConfig} as Quarkus builds it (SmallRye Config mapping, its defaults, Quarkus' duration syntax),
 * from {@code assessment.eventbridge.*} properties: tests use the real keys and defaults, not a hand-made copy.
 */
final class EventBridgeConfigs {

    private EventBridgeConfigs() {
    }

    /** @param properties keys without the {@code assessment.eventbridge.} prefix, e.g. {@code max-attempts} */
    static EventBridgeConfig of(Map<String, String> properties) {
        Map<String, String> prefixed = new HashMap<>();
        properties.forEach((key, value) -> prefixed.put("assessment.eventbridge." + key, value));
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(prefixed, "test", 100))
                .withMapping(EventBridgeConfig.class)
                .build()
                .getConfigMapping(EventBridgeConfig.class);
    }
}
