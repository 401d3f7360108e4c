package dev.tousei.evidence.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "evidence")
public interface EvidenceConfig {

    /** The inbound topic of EventBridge envelopes. */
    String inputTopic();

    /** Where rejected records go, with the reason in headers. */
    String deadLetterTopic();

    /** The compacted catalog topic this service keeps a local copy of. */
    String catalogTopic();

    /** How long evidence is kept; SEC10-3 suggests at least a year. */
    @WithDefault("P365D")
    Duration retention();

    /** Evidence stored but not yet published after this long is published by the relay. */
    @WithDefault("5s")
    Duration publishGrace();

    /** How long start-up waits for the catalog copy before giving up and reporting not ready. */
    @WithDefault("60s")
    Duration catalogLoadTimeout();
}
