package dev.tousei.evidence.normalize;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * An EventBridge envelope that passed {@link EnvelopeValidator}.
 *
 * @param region may be empty (the envelope carried {@code ""})
 * @param resources the envelope's {@code resources}, possibly empty, never null
 * @param detail the envelope's {@code detail} object
 * @param raw the whole envelope as parsed
 * @param text the record value the envelope was parsed from, as text (decoded once, kept byte for byte)
 * @param sizeBytes length of the record value the envelope was parsed from
 */
public record Envelope(
        String id,
        String detailType,
        String source,
        String account,
        Instant time,
        String region,
        List<String> resources,
        ObjectNode detail,
        ObjectNode raw,
        String text,
        int sizeBytes) implements ValidationResult {

    public Envelope {
        resources = List.copyOf(resources);
    }
}
