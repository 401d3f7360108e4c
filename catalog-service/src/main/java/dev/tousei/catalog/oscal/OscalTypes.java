package dev.tousei.catalog.oscal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * OSCAL's datatypes as both exports write them: name-based UUIDs, {@code token}, {@code string} (non-empty, no
 * surrounding white space, one line), {@code dateTime-with-timezone}, and props in our namespace.
 */
final class OscalTypes {

    /** The namespace of every prop and part name that OSCAL does not define. */
    static final String NS = "https://tousei.dev/ns/oscal";

    /** Namespace of the name-based (version 5) UUIDs of our exports; fixed forever, so exports stay reproducible. */
    private static final UUID UUID_NAMESPACE = UUID.fromString("0b1d6a4e-3c55-4f57-9a1e-6f1c2b7d9e40");

    /** OSCAL's token: an XML NCName. */
    private static final Pattern TOKEN = Pattern.compile("^(\\p{L}|_)(\\p{L}|\\p{N}|[.\\-_])*$");

    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OscalTypes() {
    }

    /** A version 5 (SHA-1, name-based) UUID: the same name always gives the same UUID. */
    static String uuid(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java runtime", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(UUID_NAMESPACE.getMostSignificantBits())
                .putLong(UUID_NAMESPACE.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bits = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bits.getLong(), bits.getLong()).toString();
    }

    static boolean isToken(String value) {
        return value != null && TOKEN.matcher(value).matches();
    }

    /**
     * The OSCAL id of one of our controls. Our ids are {@code ^[a-z0-9][a-z0-9-]*$}; one starting with a digit is not
     * a token, so it gets a leading underscore. Both exports use this, so mapping id-refs match catalog ids.
     */
    static String controlId(String id) {
        return isToken(id) ? id : "_" + id;
    }

    /** The value as OSCAL's {@code string}: white space runs collapsed to one space, trimmed; null when empty. */
    static String string(String value) {
        if (value == null) {
            return null;
        }
        String collapsed = WHITE_SPACE.matcher(value.strip()).replaceAll(" ");
        return collapsed.isEmpty() ? null : collapsed;
    }

    /** Prose (markup-multiline) or a title: trimmed, null when blank; line breaks are kept. */
    static String prose(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The URI as a link target, or null when it is not a valid URI reference. */
    static String href(String value) {
        String candidate = prose(value);
        if (candidate == null) {
            return null;
        }
        try {
            new URI(candidate);
            return candidate;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    static String dateTime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Adds an OSCAL-namespace prop (e.g. {@code label}); nothing when the value is empty. */
    static void oscalProp(ArrayNode props, String name, String value) {
        String cleaned = string(value);
        if (cleaned != null) {
            props.addObject().put("name", name).put("value", cleaned);
        }
    }

    /** Adds a prop in our namespace; nothing when the value is empty. */
    static void prop(ArrayNode props, String name, String value) {
        prop(props, name, null, value);
    }

    /** Adds a prop in our namespace with a class (a sub-type of the name); nothing when the value is empty. */
    static void prop(ArrayNode props, String name, String propClass, String value) {
        String cleaned = string(value);
        if (cleaned != null) {
            ObjectNode prop = props.addObject().put("name", name).put("ns", NS);
            if (propClass != null) {
                prop.put("class", propClass);
            }
            prop.put("value", cleaned);
        }
    }

    /** Sets the array under the name unless it is empty: OSCAL arrays have at least one item. */
    static void putIfNotEmpty(ObjectNode object, String name, ArrayNode array) {
        if (!array.isEmpty()) {
            object.set(name, array);
        }
    }
}
