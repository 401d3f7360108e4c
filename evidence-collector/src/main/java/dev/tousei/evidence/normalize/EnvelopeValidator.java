package dev.tousei.evidence.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a Kafka record value is an EventBridge envelope the collector can keep. Never throws: every input,
 * however broken, ends as an {@link Envelope} or a {@link Rejection}.
 *
 * <p>Order of checks: size (before anything is decoded), UTF-8, JSON syntax and nesting, object, required fields and
 * their types, then the values of {@code version}, {@code id}, {@code account} and {@code time}.
 */
public final class EnvelopeValidator {

    /** EventBridge refuses entries larger than 256 KB; nothing larger can be a real envelope. */
    public static final int MAX_ENVELOPE_BYTES = 262_144;
    public static final int MAX_NESTING_DEPTH = 64;
    public static final int MAX_ID_LENGTH = 256;
    /** No AWS event predates 2006 (S3 and SQS launched that year). */
    public static final Instant EARLIEST_TIME = Instant.parse("2006-01-01T00:00:00Z");
    /** Clock skew and late delivery tolerated into the future. */
    public static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    public static final String SUPPORTED_VERSION = "0";

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final int VALUE_ECHO_CHARS = 64;
    private static final int MESSAGE_ECHO_CHARS = 200;

    private final Clock clock;
    private final ObjectMapper mapper;

    public EnvelopeValidator() {
        this(Clock.systemUTC());
    }

    public EnvelopeValidator(Clock clock) {
        this.clock = clock;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_ENVELOPE_BYTES)
                        .maxNameLength(MAX_ENVELOPE_BYTES)
                        .maxNumberLength(1_000)
                        .maxDocumentLength(MAX_ENVELOPE_BYTES)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = JsonMapper.builder(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    public ValidationResult validate(byte[] value) {
        try {
            return check(value);
        } catch (RuntimeException | StackOverflowError e) {
            // Defensive: the checks above are meant to make this unreachable.
            return new Rejection(RejectionReason.MALFORMED_JSON, "unexpected failure: " + e.getClass().getSimpleName());
        }
    }

    private ValidationResult check(byte[] value) {
        if (value == null || value.length == 0) {
            return new Rejection(RejectionReason.MALFORMED_JSON, "empty record value");
        }
        if (value.length > MAX_ENVELOPE_BYTES) {
            return new Rejection(RejectionReason.OVERSIZE,
                    value.length + " bytes, more than the " + MAX_ENVELOPE_BYTES + " bytes EventBridge allows");
        }
        String text = utf8(value);
        if (text == null) {
            return new Rejection(RejectionReason.INVALID_ENCODING, "not valid UTF-8");
        }
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (StreamConstraintsException e) {
            String message = String.valueOf(e.getOriginalMessage());
            return message.contains("nesting depth")
                    ? new Rejection(RejectionReason.TOO_DEEP, "nested deeper than " + MAX_NESTING_DEPTH + " levels")
                    : new Rejection(RejectionReason.OVERSIZE, clip(message, MESSAGE_ECHO_CHARS));
        } catch (JsonProcessingException e) {
            return new Rejection(RejectionReason.MALFORMED_JSON,
                    clip(String.valueOf(e.getOriginalMessage()), MESSAGE_ECHO_CHARS));
        }
        if (root == null || root.isMissingNode()) {
            return new Rejection(RejectionReason.MALFORMED_JSON, "no JSON value");
        }
        if (!root.isObject()) {
            return new Rejection(RejectionReason.NOT_AN_OBJECT,
                    "top-level JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return checkEnvelope((ObjectNode) root, text, value.length);
    }

    private ValidationResult checkEnvelope(ObjectNode root, String text, int sizeBytes) {
        for (String field : List.of("version", "id", "detail-type", "source", "account", "time", "region")) {
            Rejection problem = requireText(root, field, !"region".equals(field));
            if (problem != null) {
                return problem;
            }
        }
        JsonNode resourcesNode = root.get("resources");
        if (resourcesNode == null || resourcesNode.isNull()) {
            return new Rejection(RejectionReason.MISSING_FIELD, "resources is missing");
        }
        if (!resourcesNode.isArray()) {
            return wrongType("resources", "an array of strings", resourcesNode);
        }
        List<String> resources = new ArrayList<>(resourcesNode.size());
        for (int i = 0; i < resourcesNode.size(); i++) {
            JsonNode resource = resourcesNode.get(i);
            if (!resource.isTextual()) {
                return wrongType("resources[" + i + "]", "a string", resource);
            }
            resources.add(resource.textValue());
        }
        JsonNode detail = root.get("detail");
        if (detail == null || detail.isNull()) {
            return new Rejection(RejectionReason.MISSING_FIELD, "detail is missing");
        }
        if (!detail.isObject()) {
            return wrongType("detail", "an object", detail);
        }

        String version = root.get("version").textValue();
        if (!SUPPORTED_VERSION.equals(version)) {
            return new Rejection(RejectionReason.UNSUPPORTED_VERSION,
                    "version " + quote(version) + ", only \"" + SUPPORTED_VERSION + "\" is supported");
        }
        String id = root.get("id").textValue();
        if (id.length() > MAX_ID_LENGTH) {
            return new Rejection(RejectionReason.INVALID_ID, "id longer than " + MAX_ID_LENGTH + " characters");
        }
        if (!printable(id)) {
            return new Rejection(RejectionReason.INVALID_ID, "id holds control characters");
        }
        String account = root.get("account").textValue();
        if (!ACCOUNT.matcher(account).matches()) {
            return new Rejection(RejectionReason.INVALID_ACCOUNT,
                    "account " + quote(account) + " is not twelve ASCII digits");
        }
        String time = root.get("time").textValue();
        Instant instant;
        try {
            instant = OffsetDateTime.parse(time, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return new Rejection(RejectionReason.INVALID_TIME,
                    "time " + quote(time) + " is not an ISO-8601 instant with Z or an offset");
        }
        if (instant.isBefore(EARLIEST_TIME)) {
            return new Rejection(RejectionReason.INVALID_TIME, "time " + instant + " is before " + EARLIEST_TIME);
        }
        Instant latest = clock.instant().plus(FUTURE_TOLERANCE);
        if (instant.isAfter(latest)) {
            return new Rejection(RejectionReason.INVALID_TIME, "time " + instant + " is more than a day in the future");
        }
        return new Envelope(id, root.get("detail-type").textValue(), root.get("source").textValue(), account, instant,
                root.get("region").textValue(), resources, (ObjectNode) detail, root, text, sizeBytes);
    }

    private static Rejection requireText(ObjectNode root, String field, boolean nonBlank) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return new Rejection(RejectionReason.MISSING_FIELD, field + " is missing");
        }
        if (!node.isTextual()) {
            return wrongType(field, "a string", node);
        }
        if (nonBlank && node.textValue().isBlank()) {
            RejectionReason reason = "id".equals(field) ? RejectionReason.INVALID_ID : RejectionReason.MISSING_FIELD;
            return new Rejection(reason, field + " is blank");
        }
        return null;
    }

    private static Rejection wrongType(String field, String expected, JsonNode actual) {
        return new Rejection(RejectionReason.WRONG_TYPE,
                field + " must be " + expected + ", was " + actual.getNodeType().name().toLowerCase(Locale.ROOT));
    }

    /** No C0/C1 control characters and no unpaired surrogates. */
    private static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The value as text, or null if it is not valid UTF-8. The JDK's lenient decoding (fast for ASCII, which AWS events
     * mostly are) replaces malformed input with U+FFFD; only text containing U+FFFD, which may also have been sent as
     * such, is decoded again strictly to tell the two apart.
     */
    static String utf8(byte[] value) {
        String text = new String(value, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text;
        }
        try {
            return strictUtf8().decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** Quotes a value for a detail: at most a few dozen characters, control characters escaped. */
    static String quote(String value) {
        return "\"" + clip(value, VALUE_ECHO_CHARS) + "\"";
    }

    private static String clip(String value, int maxChars) {
        String shortened = value;
        if (value.length() > maxChars) {
            int end = Character.isHighSurrogate(value.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
            shortened = value.substring(0, end) + "…";
        }
        StringBuilder out = new StringBuilder(shortened.length());
        shortened.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
