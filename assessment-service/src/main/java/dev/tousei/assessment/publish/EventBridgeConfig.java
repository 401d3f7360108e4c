package dev.tousei.assessment.publish;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where and how {@link EventBridgePublisher} sends control-status events to Amazon EventBridge. Off unless
 * {@code assessment.eventbridge.enabled=true}; production credentials come from the default AWS chain (IRSA / EKS
 * Pod Identity / instance profile), never from configuration.
 */
@ConfigMapping(prefix = "assessment.eventbridge")
public interface EventBridgeConfig {

    /** False locally: {@link EventBridgePublisher#publish} is then a no-op and no AWS client is created. */
    @WithDefault("false")
    boolean enabled();

    /** Name (or ARN) of the custom event bus. */
    @WithDefault("tousei-control-status")
    String busName();

    /** The EventBridge {@code source} of every entry; rules match on it. */
    @WithDefault("tousei.assessment")
    String source();

    @WithDefault("ap-northeast-1")
    String region();

    /**
     * Only for the local HTTP stub and tests: send to this URI instead of the regional endpoint, signed with static
     * test credentials instead of the default credentials chain.
     */
    Optional<URI> endpointOverride();

    /**
     * Attempts per entry, the first included: entries EventBridge rejects with a retryable error code (HTTP 200,
     * {@code FailedEntryCount > 0}) are resent up to this many times in all; the SDK gets the same bound for failed
     * calls (5xx, throttled or broken connections).
     */
    @WithDefault("3")
    @Min(1)
    int maxAttempts();

    /** First delay before resending rejected entries; doubles per attempt (with jitter) up to {@link #maxBackoff()}. */
    @WithDefault("200ms")
    Duration initialBackoff();

    @WithDefault("5s")
    Duration maxBackoff();

    /** Upper bound of one PutEvents call including the SDK's own retries, so a publish never hangs. */
    @WithDefault("10s")
    Duration apiCallTimeout();
}
