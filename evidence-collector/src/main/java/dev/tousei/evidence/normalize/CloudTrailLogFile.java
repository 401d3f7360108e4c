package dev.tousei.evidence.normalize;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.GZIPInputStream;

/**
 * Turns a CloudTrail log file, as CloudTrail delivers it to S3, into the EventBridge envelopes EventBridge would have
 * built for its records, so that both paths feed the same validator and normaliser.
 *
 * <p>Accepts {@code {"Records":[...]}}, gzip-compressed (recognised by its magic bytes) or plain, and a bare JSON array
 * of records. Each envelope's id is a name-based UUID of the record's {@code eventID}: replaying a file yields the
 * same ids, and the normaliser's {@code cloudtrail:<eventID>} key matches the live EventBridge copy of the same event.
 */
public final class CloudTrailLogFile {

    /** Cap on the decompressed size, against gzip bombs; CloudTrail's own files are a few MB at most. */
    public static final long DEFAULT_MAX_DECOMPRESSED_BYTES = 50L * 1024 * 1024;
    /** Generous, so one deep record does not sink its file; the validator judges each envelope on its own. */
    private static final int MAX_NESTING_DEPTH = 256;

    private static final String CONSOLE_SIGN_IN = "AwsConsoleSignIn";
    private static final String SERVICE_EVENT = "AwsServiceEvent";
    private static final String SERVICE_DOMAIN = ".amazonaws.com";

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private CloudTrailLogFile() {
    }

    /**
     * One envelope per record, in file order, with the default cap on the decompressed size. An empty
     * {@code Records} array gives an empty list.
     *
     * @throws InvalidLogFileException when the file or any record is unusable; the message names the record
     */
    public static List<ObjectNode> toEnvelopes(byte[] content) {
        return toEnvelopes(content, DEFAULT_MAX_DECOMPRESSED_BYTES);
    }

    /** As {@link #toEnvelopes(byte[])}, refusing files larger than {@code maxBytes} once decompressed. */
    public static List<ObjectNode> toEnvelopes(byte[] content, long maxBytes) {
        if (content == null || content.length == 0) {
            throw new InvalidLogFileException("empty CloudTrail log file");
        }
        JsonNode records = records(parse(isGzip(content) ? gunzip(content, maxBytes) : plain(content, maxBytes)));
        List<ObjectNode> envelopes = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            envelopes.add(envelope(records.get(i), i));
        }
        return envelopes;
    }

    /** The envelope id for a CloudTrail record: a name-based (version 3) UUID of {@code cloudtrail:<eventID>}. */
    public static UUID envelopeId(String eventId) {
        return UUID.nameUUIDFromBytes((EvidenceNormalizer.CLOUDTRAIL_KEY_PREFIX + eventId)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode envelope(JsonNode record, int index) {
        if (record == null || !record.isObject()) {
            throw invalid(index, "is not a JSON object");
        }
        String eventId = requiredText(record, "eventID", index);
        String eventTime = requiredText(record, "eventTime", index);
        String eventSource = requiredText(record, "eventSource", index);
        String account = text(record.get("recipientAccountId"));
        if (account == null || account.isBlank()) {
            account = text(record.path("userIdentity").get("accountId"));
        }
        if (account == null || account.isBlank()) {
            throw invalid(index, "has neither recipientAccountId nor userIdentity.accountId");
        }
        String eventType = text(record.get("eventType"));
        String detailType = CONSOLE_SIGN_IN.equals(eventType) ? EvidenceNormalizer.CLOUDTRAIL_CONSOLE_SIGN_IN
                : SERVICE_EVENT.equals(eventType) ? EvidenceNormalizer.CLOUDTRAIL_SERVICE_EVENT
                : EvidenceNormalizer.CLOUDTRAIL_API_CALL;
        String service = eventSource.endsWith(SERVICE_DOMAIN)
                ? eventSource.substring(0, eventSource.length() - SERVICE_DOMAIN.length())
                : eventSource;
        String region = text(record.get("awsRegion"));

        ObjectNode envelope = MAPPER.createObjectNode();
        envelope.put("version", EnvelopeValidator.SUPPORTED_VERSION);
        envelope.put("id", envelopeId(eventId).toString());
        envelope.put("detail-type", detailType);
        envelope.put("source", "aws." + service);
        envelope.put("account", account);
        envelope.put("time", eventTime);
        envelope.put("region", region == null ? "" : region);
        envelope.putArray("resources"); // EventBridge leaves it empty for CloudTrail events; ARNs stay in detail
        envelope.set("detail", record);
        return envelope;
    }

    private static JsonNode parse(InputStream json) {
        try (Reader reader = new InputStreamReader(json, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT))) {
            JsonNode root = MAPPER.readTree(reader);
            if (root == null || root.isMissingNode()) {
                throw new InvalidLogFileException("CloudTrail log file holds no JSON value");
            }
            return root;
        } catch (CharacterCodingException e) {
            throw new InvalidLogFileException("CloudTrail log file is not valid UTF-8", -1, e);
        } catch (JsonProcessingException e) {
            throw new InvalidLogFileException("CloudTrail log file is neither gzip nor valid JSON: "
                    + e.getOriginalMessage(), -1, e);
        } catch (IOException e) {
            throw new InvalidLogFileException("CloudTrail log file could not be read: " + e.getMessage(), -1, e);
        }
    }

    private static JsonNode records(JsonNode root) {
        if (root.isArray()) {
            return root;
        }
        if (!root.isObject()) {
            throw new InvalidLogFileException("CloudTrail log file must be {\"Records\":[...]} or an array of "
                    + "records, was a JSON " + root.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        JsonNode records = root.get("Records");
        if (records == null) {
            throw new InvalidLogFileException("CloudTrail log file has no Records array");
        }
        if (!(records instanceof ArrayNode)) {
            throw new InvalidLogFileException("CloudTrail log file's Records is not an array");
        }
        return records;
    }

    private static InputStream plain(byte[] content, long maxBytes) {
        if (content.length > maxBytes) {
            throw new InvalidLogFileException("CloudTrail log file is larger than " + maxBytes + " bytes");
        }
        int bom = content.length >= 3 && (content[0] & 0xff) == 0xef && (content[1] & 0xff) == 0xbb
                && (content[2] & 0xff) == 0xbf ? 3 : 0;
        return new ByteArrayInputStream(content, bom, content.length - bom);
    }

    private static InputStream gunzip(byte[] content, long maxBytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(content.length * 8, 1 << 20));
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(content))) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw new InvalidLogFileException("CloudTrail log file decompresses to more than "
                            + maxBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            throw new InvalidLogFileException("CloudTrail log file is not a valid gzip stream: "
                    + e.getMessage(), -1, e);
        }
        return plain(out.toByteArray(), maxBytes);
    }

    private static boolean isGzip(byte[] content) {
        return content.length >= 2 && (content[0] & 0xff) == 0x1f && (content[1] & 0xff) == 0x8b;
    }

    private static String requiredText(JsonNode record, String field, int index) {
        String value = text(record.get(field));
        if (value == null || value.isBlank()) {
            throw invalid(index, "has no " + field);
        }
        return value;
    }

    private static InvalidLogFileException invalid(int index, String problem) {
        return new InvalidLogFileException("CloudTrail record [" + index + "] " + problem, index, null);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /**
     * A CloudTrail log file that cannot be turned into envelopes: not gzip nor JSON, too large once decompressed, no
     * {@code Records}, or a record without the fields every CloudTrail record has. Permanent: retrying cannot help.
     */
    public static final class InvalidLogFileException extends RuntimeException {

        private final int recordIndex;

        InvalidLogFileException(String message) {
            this(message, -1, null);
        }

        InvalidLogFileException(String message, int recordIndex, Throwable cause) {
            super(message, cause);
            this.recordIndex = recordIndex;
        }

        /** The zero-based index of the offending record, or -1 when the file as a whole is bad. */
        public int recordIndex() {
            return recordIndex;
        }
    }
}
