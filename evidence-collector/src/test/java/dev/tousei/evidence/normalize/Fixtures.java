package dev.tousei.evidence.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** The test fixtures under {@code src/test/resources/events/normalize/}: fake account 111122223333. */
final class Fixtures {

    static final String ACCOUNT = "111122223333";
    /** Every fixture's time lies shortly before this instant. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);
    static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/events/normalize/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode tree(String name) {
        try {
            return (ObjectNode) JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] toBytes(Object tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Validates with the fixed clock and expects acceptance. */
    static Envelope envelope(byte[] value) {
        ValidationResult result = new EnvelopeValidator(CLOCK).validate(value);
        assertThat(result).isInstanceOf(Envelope.class);
        return (Envelope) result;
    }

    static Envelope envelope(String name) {
        return envelope(bytes(name));
    }
}
