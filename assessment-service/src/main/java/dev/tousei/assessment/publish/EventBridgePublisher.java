package dev.tousei.assessment.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tousei.events.assessment.ControlStatusChanged;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeAsyncClientBuilder;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Sends {@link ControlStatusChanged} events to an Amazon EventBridge custom bus (DetailType
 * {@value ControlStatusChanged#TYPE}, Detail = the event's JSON) with the async SDK client on Netty.
 *
 * <ul>
 *   <li>Batches within the PutEvents limits: at most {@value #MAX_ENTRIES_PER_CALL} entries per call, and a total
 *       entry size below {@value #MAX_CALL_BYTES} bytes, computed as EventBridge does (see {@link #entrySize}). An
 *       event too large on its own is logged and counted, never sent.</li>
 *   <li>EventBridge reports per-entry failures with HTTP 200 and {@code FailedEntryCount}: entries rejected with a
 *       retryable code are resent alone (matched by index), with exponential backoff (Mutiny's retry), up to
 *       {@link EventBridgeConfig#maxAttempts()} attempts in all. Non-retryable codes are not resent. Calls that fail
 *       as a whole (5xx, throttled, broken connection) are retried by the SDK with the same bound and within
 *       {@link EventBridgeConfig#apiCallTimeout()}; if one still fails, the rest of that publish is given up.</li>
 *   <li>Whatever cannot be delivered is logged per event with its ErrorCode/ErrorMessage and counted in
 *       {@value #FAILED_COUNTER} (tag {@code reason}: the ErrorCode, {@code too-large} or
 *       {@code request-failed}); the returned {@code Uni} still completes, so a stuck EventBridge never holds up
 *       the caller (Kafka stays the system of record).</li>
 *   <li>Never blocks the event loop: the call is started on a worker thread (the first credentials lookup of the
 *       default chain may do blocking I/O) and the result is delivered back on the caller's Vert.x context, as
 *       SmallRye's emitters do, so Hibernate Reactive sessions keep working after it.</li>
 * </ul>
 */
@Startup
@ApplicationScoped
public class EventBridgePublisher {

    /** Micrometer counter of events that could not be delivered, tagged with {@code reason}. */
    public static final String FAILED_COUNTER = "assessment.eventbridge.failed";
    static final int MAX_ENTRIES_PER_CALL = 10;
    /** EventBridge: "the total entry size must be less than 256KB" per PutEvents call. */
    static final int MAX_CALL_BYTES = 256 * 1024;
    static final String REASON_TOO_LARGE = "too-large";
    static final String REASON_REQUEST_FAILED = "request-failed";
    /** PutEventsResultEntry error codes that EventBridge documents as not retryable. */
    static final Set<String> PERMANENT_ERROR_CODES = Set.of("AccessDeniedException", "InvalidAccountIdException",
            "InvalidArgument", "MalformedDetail", "RedactionFailure", "NotAuthorizedForSourceException",
            "NotAuthorizedForDetailTypeException");
    private static final int TIME_BYTES = 14;

    private final EventBridgeConfig config;
    private final ObjectWriter writer;
    private final MeterRegistry registry;
    private final SdkAutoCloseable credentials;
    private final EventBridgeAsyncClient client;

    public EventBridgePublisher(EventBridgeConfig config, ObjectMapper objectMapper, MeterRegistry registry) {
        this.config = config;
        // ISO-8601 instants whatever the global Jackson settings: the JSON schema of the contract says so
        this.writer = objectMapper.writerFor(ControlStatusChanged.class)
                .without(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        this.registry = registry;
        if (config.enabled()) {
            AwsCredentialsProvider provider = credentialsProvider(config);
            this.credentials = provider instanceof SdkAutoCloseable closeable ? closeable : null;
            this.client = createClient(config, provider);
            Log.infof("EventBridge publishing to bus %s in %s%s", config.busName(), config.region(),
                    config.endpointOverride().map(uri -> " via " + uri).orElse(""));
        } else {
            this.credentials = null;
            this.client = null;
        }
    }

    /**
     * Sends the events in as few PutEvents calls as the limits allow. Completes when every event was accepted or
     * given up on (logged and counted); fails only if an event cannot be serialised. A no-op when disabled.
     */
    public Uni<Void> publish(List<ControlStatusChanged> events) {
        if (client == null || events == null || events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            AtomicBoolean callFailed = new AtomicBoolean();
            Uni<Void> sending = Multi.createFrom().iterable(batches(events))
                    .onItem().transformToUniAndConcatenate(batch -> sendBatch(batch, callFailed))
                    .collect().last()
                    .replaceWithVoid();
            return caller == null ? sending : sending.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
        if (credentials != null) {
            credentials.close();
        }
    }

    /** Greedy, in order: a new batch starts at {@value #MAX_ENTRIES_PER_CALL} entries or at the size limit. */
    List<List<Pending>> batches(List<ControlStatusChanged> events) {
        List<List<Pending>> batches = new ArrayList<>();
        List<Pending> batch = new ArrayList<>();
        int batchBytes = 0;
        for (ControlStatusChanged event : events) {
            PutEventsRequestEntry entry = entry(event);
            int size = entrySize(entry);
            if (size >= MAX_CALL_BYTES) {
                Log.errorf("EventBridge: not sending event %s (%s/%s): its entry is %d bytes, the limit is below %d",
                        event.eventId(), event.accountId(), event.controlId(), size, MAX_CALL_BYTES);
                count(REASON_TOO_LARGE, 1);
                continue;
            }
            if (batch.size() == MAX_ENTRIES_PER_CALL || batchBytes + size >= MAX_CALL_BYTES) {
                batches.add(batch);
                batch = new ArrayList<>();
                batchBytes = 0;
            }
            batch.add(new Pending(event, entry));
            batchBytes += size;
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    PutEventsRequestEntry entry(ControlStatusChanged event) {
        String detail;
        try {
            detail = writer.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise event " + event.eventId(), e);
        }
        return PutEventsRequestEntry.builder()
                .eventBusName(config.busName())
                .source(config.source())
                .detailType(ControlStatusChanged.TYPE)
                .detail(detail)
                .time(event.changedAt())
                .build();
    }

    /**
     * The entry size as EventBridge computes it ("Calculating PutEvents event entry size"): Time counts 14 bytes if
     * set; Source, DetailType, Detail and each Resources string count their UTF-8 bytes; EventBusName does not count.
     */
    static int entrySize(PutEventsRequestEntry entry) {
        int size = entry.time() == null ? 0 : TIME_BYTES;
        size += utf8Length(entry.source()) + utf8Length(entry.detailType()) + utf8Length(entry.detail());
        if (entry.hasResources()) {
            for (String resource : entry.resources()) {
                size += utf8Length(resource);
            }
        }
        return size;
    }

    private static int utf8Length(String value) {
        return value == null ? 0 : value.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * One batch: sends it, then resends only the entries rejected with a retryable code, with exponential backoff,
     * until they are accepted or {@code maxAttempts} calls were made. Once a call of this publish failed as a whole
     * (after the SDK's own retries, or at the api-call timeout), the remaining batches are given up at once, so an
     * unreachable EventBridge costs one timeout per publish, not one per batch.
     */
    private Uni<Void> sendBatch(List<Pending> batch, AtomicBoolean callFailed) {
        return Uni.createFrom().deferred(() -> {
            if (callFailed.get()) {
                requestFailed(batch, "an earlier PutEvents call of this publish failed");
                return Uni.createFrom().voidItem();
            }
            AtomicReference<List<Pending>> pending = new AtomicReference<>(batch);
            AtomicInteger attempts = new AtomicInteger();
            Uni<Void> attempt = Uni.createFrom().deferred(() -> attempt(pending, attempts.incrementAndGet()));
            if (config.maxAttempts() > 1) {
                attempt = attempt.onFailure(RetryableEntries.class).retry()
                        .withBackOff(config.initialBackoff(), config.maxBackoff())
                        .atMost(config.maxAttempts() - 1L);
            }
            return attempt
                    .onFailure(RetryableEntries.class).recoverWithUni(failure -> {
                        giveUp(((RetryableEntries) failure).rejected, attempts.get());
                        return Uni.createFrom().voidItem();
                    })
                    .onFailure().recoverWithUni(failure -> {
                        callFailed.set(true);
                        requestFailed(pending.get(), failure.toString());
                        return Uni.createFrom().voidItem();
                    });
        });
    }

    private Uni<Void> attempt(AtomicReference<List<Pending>> pending, int attempt) {
        List<Pending> sending = pending.get();
        PutEventsRequest request = PutEventsRequest.builder()
                .entries(sending.stream().map(Pending::entry).toList())
                .build();
        return Uni.createFrom().completionStage(() -> client.putEvents(request))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onItem().transformToUni(response -> {
                    List<Rejected> rejected = rejected(sending, response);
                    giveUp(rejected.stream().filter(Rejected::permanent).toList(), attempt);
                    List<Rejected> retryable = rejected.stream().filter(entry -> !entry.permanent()).toList();
                    if (retryable.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    if (attempt < config.maxAttempts()) {
                        Log.warnf("EventBridge rejected %d of %d entries on attempt %d of %d (%s); resending them",
                                retryable.size(), sending.size(), attempt, config.maxAttempts(),
                                retryable.get(0).errorCode());
                    }
                    pending.set(retryable.stream().map(Rejected::pending).toList());
                    return Uni.createFrom().failure(new RetryableEntries(retryable));
                });
    }

    /** The entries the response marks as failed; response entries match request entries by index. */
    private static List<Rejected> rejected(List<Pending> sent, PutEventsResponse response) {
        List<Rejected> rejected = new ArrayList<>();
        Integer failedEntryCount = response.failedEntryCount();
        if (failedEntryCount == null || failedEntryCount == 0) {
            return rejected;
        }
        List<PutEventsResultEntry> results = response.hasEntries() ? response.entries() : List.of();
        for (int i = 0; i < sent.size(); i++) {
            PutEventsResultEntry result = i < results.size() ? results.get(i) : null;
            if (result == null) {
                rejected.add(new Rejected(sent.get(i), "MissingResultEntry", "no result entry at index " + i));
            } else if (result.errorCode() != null && !result.errorCode().isBlank()) {
                rejected.add(new Rejected(sent.get(i), result.errorCode(), result.errorMessage()));
            }
        }
        if (rejected.size() != failedEntryCount) {
            Log.warnf("EventBridge reported FailedEntryCount %d but %d entries carry an ErrorCode", failedEntryCount,
                    rejected.size());
        }
        return rejected;
    }

    private void giveUp(List<Rejected> rejected, int attempts) {
        for (Rejected entry : rejected) {
            ControlStatusChanged event = entry.pending().event();
            Log.errorf("EventBridge did not accept event %s (%s/%s) on bus %s after %d attempt(s): %s %s",
                    event.eventId(), event.accountId(), event.controlId(), config.busName(), attempts,
                    entry.errorCode(), entry.errorMessage());
            count(entry.errorCode(), 1);
        }
    }

    private void requestFailed(List<Pending> pending, String cause) {
        Log.errorf("EventBridge PutEvents to bus %s failed, %d event(s) not sent %s: %s", config.busName(),
                pending.size(), pending.stream().map(p -> p.event().eventId()).toList(), cause);
        count(REASON_REQUEST_FAILED, pending.size());
    }

    private void count(String reason, int events) {
        registry.counter(FAILED_COUNTER, "reason", reason).increment(events);
    }

    private static AwsCredentialsProvider credentialsProvider(EventBridgeConfig config) {
        if (config.endpointOverride().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        }
        // refreshes in the background, so that expiring role credentials are not renewed on a caller's thread
        return DefaultCredentialsProvider.builder().asyncCredentialUpdateEnabled(true).build();
    }

    private static EventBridgeAsyncClient createClient(EventBridgeConfig config, AwsCredentialsProvider credentials) {
        EventBridgeAsyncClientBuilder builder = EventBridgeAsyncClient.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(NettyNioAsyncHttpClient.builder())
                .overrideConfiguration(o -> o
                        .retryStrategy(retry -> retry.maxAttempts(config.maxAttempts()))
                        .apiCallTimeout(config.apiCallTimeout()));
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    record Pending(ControlStatusChanged event, PutEventsRequestEntry entry) {
    }

    private record Rejected(Pending pending, String errorCode, String errorMessage) {

        boolean permanent() {
            return PERMANENT_ERROR_CODES.contains(errorCode);
        }
    }

    /** Some entries were rejected with a retryable code; {@link #sendBatch} resends them. */
    private static final class RetryableEntries extends RuntimeException {

        private final transient List<Rejected> rejected;

        RetryableEntries(List<Rejected> rejected) {
            super(rejected.size() + " entries rejected", null, false, false);
            this.rejected = rejected;
        }
    }
}
