package dev.tousei.evidence.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.evidence.messaging.AwsEventsProducer;
import dev.tousei.evidence.messaging.AwsEventsProducer.Outgoing;
import dev.tousei.evidence.normalize.CloudTrailLogFile;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP ingest: envelopes (one or an array, as an EventBridge API destination sends them) and CloudTrail log files
 * go onto the inbound topic and take the same path as events from EventBridge. Validation happens there, once:
 * an element that is not a valid envelope is dead-lettered with its reason, not refused here.
 */
@ApplicationScoped
public class IngestService {

    public static final int MAX_ENVELOPES_PER_REQUEST = 1000;

    private final AwsEventsProducer producer;
    private final ObjectMapper objectMapper;

    IngestService(AwsEventsProducer producer, ObjectMapper objectMapper) {
        this.producer = producer;
        this.objectMapper = objectMapper;
    }

    /** @return how many envelopes were put on the topic */
    public Uni<Integer> ingestEnvelopes(byte[] body) {
        JsonNode tree;
        try {
            tree = objectMapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IngestRejectedException("the body is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IngestRejectedException("the body cannot be read: " + e.getMessage());
        }
        List<Outgoing> envelopes = new ArrayList<>();
        if (tree != null && tree.isObject()) {
            envelopes.add(new Outgoing(accountOf(tree), body));
        } else if (tree != null && tree.isArray()) {
            if (tree.size() > MAX_ENVELOPES_PER_REQUEST) {
                throw new IngestRejectedException("at most " + MAX_ENVELOPES_PER_REQUEST + " envelopes per request");
            }
            for (JsonNode element : tree) {
                envelopes.add(new Outgoing(accountOf(element), toBytes(element)));
            }
        } else {
            throw new IngestRejectedException("the body must be an EventBridge envelope or an array of them");
        }
        return producer.send(envelopes).replaceWith(envelopes.size());
    }

    /** A CloudTrail log file as delivered to S3 ({"Records":[...]}, gzip or plain): one envelope per record. */
    public Uni<Integer> ingestCloudTrailLogFile(byte[] body) {
        List<ObjectNode> envelopes;
        try {
            envelopes = CloudTrailLogFile.toEnvelopes(body);
        } catch (CloudTrailLogFile.InvalidLogFileException e) {
            throw new IngestRejectedException(e.getMessage());
        }
        List<Outgoing> outgoing = envelopes.stream()
                .map(envelope -> new Outgoing(accountOf(envelope), toBytes(envelope))).toList();
        return producer.send(outgoing).replaceWith(outgoing.size());
    }

    private static String accountOf(JsonNode envelope) {
        JsonNode account = envelope.path("account");
        return account.isTextual() ? account.asText() : "unknown";
    }

    private byte[] toBytes(JsonNode node) {
        try {
            return objectMapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise an envelope", e);
        }
    }
}
