package dev.tousei.evidence.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.evidence.normalize.CloudTrailLogFile.InvalidLogFileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class CloudTrailLogFileTest {

    private static final String STOP_LOGGING_EVENT_ID = "5a0f3c2e-1111-4b2a-9c3d-aaaaaaaaaaa1";

    private final EvidenceNormalizer normalizer = new EvidenceNormalizer();

    @Test
    void buildsOneEnvelopePerRecordAsEventBridgeWould() {
        byte[] file = Fixtures.bytes("cloudtrail-log/records.json");
        JsonNode records = Fixtures.tree("cloudtrail-log/records.json").get("Records");

        List<ObjectNode> envelopes = CloudTrailLogFile.toEnvelopes(file);

        assertThat(envelopes).hasSize(3);
        ObjectNode stopLogging = envelopes.get(0);
        assertThat(stopLogging.properties()).extracting(Map.Entry::getKey).containsExactly(
                "version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail");
        assertThat(stopLogging.get("version").textValue()).isEqualTo("0");
        assertThat(stopLogging.get("id").textValue())
                .isEqualTo(CloudTrailLogFile.envelopeId(STOP_LOGGING_EVENT_ID).toString());
        assertThat(stopLogging.get("detail-type").textValue()).isEqualTo("AWS API Call via CloudTrail");
        assertThat(stopLogging.get("source").textValue()).isEqualTo("aws.cloudtrail");
        assertThat(stopLogging.get("account").textValue()).isEqualTo(Fixtures.ACCOUNT);
        assertThat(stopLogging.get("time").textValue()).isEqualTo("2025-05-20T01:02:03Z");
        assertThat(stopLogging.get("region").textValue()).isEqualTo("ap-northeast-1");
        assertThat(stopLogging.get("resources")).isEmpty();
        assertThat(stopLogging.get("detail")).isEqualTo(records.get(0));

        assertThat(envelopes.get(1).get("detail-type").textValue()).isEqualTo("AWS Console Sign In via CloudTrail");
        assertThat(envelopes.get(1).get("source").textValue()).isEqualTo("aws.signin");
        assertThat(envelopes.get(1).get("region").textValue()).isEqualTo("us-east-1");
        assertThat(envelopes.get(2).get("source").textValue()).isEqualTo("aws.s3");
    }

    @Test
    void envelopesPassTheValidatorAndMeetTheLiveCopyOfTheSameEvent() {
        EnvelopeValidator validator = new EnvelopeValidator(Fixtures.CLOCK);
        List<ObjectNode> envelopes = CloudTrailLogFile.toEnvelopes(Fixtures.bytes("cloudtrail-log/records.json"));

        List<NormalizedEvent> normalized = envelopes.stream()
                .map(envelope -> normalizer.normalize(Fixtures.envelope(Fixtures.toBytes(envelope)))).toList();

        assertThat(normalized).extracting(NormalizedEvent::dedupKey).containsExactly(
                "cloudtrail:" + STOP_LOGGING_EVENT_ID,
                "cloudtrail:9e4b7062-6666-4f6e-9071-eeeeeeeeeee6",
                "cloudtrail:b06d9284-8888-4b80-9293-000000000008");
        Envelope live = Fixtures.envelope("cloudtrail-stoplogging-by-name.json");
        assertThat(normalized.get(0)).isEqualTo(normalizer.normalize(live));
        assertThat(normalized.get(1).summary().actor().root()).isTrue();
        assertThat(normalized.get(2).summary().resources()).containsExactly("arn:aws:s3:::tousei-customer-statements");
        assertThat(validator.validate(Fixtures.toBytes(envelopes.get(2)))).isInstanceOf(Envelope.class);
    }

    @Test
    void gzipAndPlainGiveTheSameEnvelopes() {
        byte[] plain = Fixtures.bytes("cloudtrail-log/records.json");

        assertThat(CloudTrailLogFile.toEnvelopes(gzip(plain))).isEqualTo(CloudTrailLogFile.toEnvelopes(plain));
    }

    @Test
    void acceptsABareArrayOfRecords() {
        List<ObjectNode> envelopes = CloudTrailLogFile.toEnvelopes(Fixtures.bytes("cloudtrail-log/bare-array.json"));

        assertThat(envelopes).extracting(envelope -> envelope.get("detail").get("eventName").textValue())
                .containsExactly("PutBucketPolicy", "StopLogging");
    }

    @Test
    void replayingAFileGivesTheSameIds() {
        byte[] file = Fixtures.bytes("cloudtrail-log/records.json");

        List<String> first = ids(CloudTrailLogFile.toEnvelopes(file));
        List<String> second = ids(CloudTrailLogFile.toEnvelopes(gzip(file)));

        assertThat(second).isEqualTo(first).doesNotHaveDuplicates();
        assertThat(UUID.fromString(first.get(0)).version()).isEqualTo(3);
        assertThat(CloudTrailLogFile.envelopeId(STOP_LOGGING_EVENT_ID))
                .isEqualTo(UUID.nameUUIDFromBytes(("cloudtrail:" + STOP_LOGGING_EVENT_ID)
                        .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void serviceEventsAndRecordsWithoutRecipientAccount() {
        ObjectNode record = (ObjectNode) Fixtures.tree("cloudtrail-log/records.json").get("Records").get(0);
        record.put("eventType", "AwsServiceEvent");
        record.remove("recipientAccountId");
        record.remove("awsRegion");
        ArrayNode file = Fixtures.JSON.createArrayNode().add(record);

        ObjectNode envelope = CloudTrailLogFile.toEnvelopes(Fixtures.toBytes(file)).get(0);

        assertThat(envelope.get("detail-type").textValue()).isEqualTo("AWS Service Event via CloudTrail");
        assertThat(envelope.get("account").textValue()).isEqualTo(Fixtures.ACCOUNT);
        assertThat(envelope.get("region").textValue()).isEmpty();
        assertThat(normalizer.normalize(Fixtures.envelope(Fixtures.toBytes(envelope))).summary().classUid())
                .isEqualTo(6003);
    }

    @Test
    void anEmptyRecordsArrayGivesNoEnvelopes() {
        assertThat(CloudTrailLogFile.toEnvelopes("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8))).isEmpty();
    }

    @Test
    void aRecordWithoutEventIdIsNamedByItsIndex() {
        assertThatThrownBy(() -> CloudTrailLogFile.toEnvelopes(
                Fixtures.bytes("cloudtrail-log/record-without-eventid.json")))
                .isInstanceOfSatisfying(InvalidLogFileException.class, e -> {
                    assertThat(e.recordIndex()).isEqualTo(1);
                    assertThat(e).hasMessage("CloudTrail record [1] has no eventID");
                });
        assertThatThrownBy(() -> CloudTrailLogFile.toEnvelopes(
                Fixtures.bytes("cloudtrail-log/record-without-eventtime.json")))
                .isInstanceOf(InvalidLogFileException.class)
                .hasMessage("CloudTrail record [0] has no eventTime");
    }

    @Test
    void refusesFilesThatAreNotCloudTrailLogs() {
        assertInvalid(Fixtures.bytes("cloudtrail-log/no-records.json"), "has no Records array");
        assertInvalid("{\"Records\":{}}".getBytes(StandardCharsets.UTF_8), "Records is not an array");
        assertInvalid("[42]".getBytes(StandardCharsets.UTF_8), "CloudTrail record [0] is not a JSON object");
        assertInvalid("\"Records\"".getBytes(StandardCharsets.UTF_8), "was a JSON string");
        assertInvalid("PK\u0003\u0004 not a log".getBytes(StandardCharsets.UTF_8), "neither gzip nor valid JSON");
        assertInvalid(new byte[] {(byte) 0x1f, (byte) 0x8b, 8, 0, 1, 2, 3}, "not a valid gzip stream");
        assertInvalid(new byte[] {'[', (byte) 0xC3, (byte) 0x28, ']'}, "not valid UTF-8");
        assertInvalid("{\"Records\":[]} trailing".getBytes(StandardCharsets.UTF_8), "neither gzip nor valid JSON");
        assertInvalid(new byte[0], "empty CloudTrail log file");
        assertInvalid(null, "empty CloudTrail log file");
    }

    @Test
    void refusesAGzipBombPastTheCap() {
        byte[] bomb = gzipOfSpaces(CloudTrailLogFile.DEFAULT_MAX_DECOMPRESSED_BYTES + 1);

        assertThat(bomb.length).isLessThan(1 << 20);
        assertInvalid(bomb, "decompresses to more than 52428800 bytes");
        byte[] small = gzip(Fixtures.bytes("cloudtrail-log/records.json"));
        assertThatThrownBy(() -> CloudTrailLogFile.toEnvelopes(small, 100))
                .isInstanceOf(InvalidLogFileException.class).hasMessageContaining("more than 100 bytes");
    }

    private static void assertInvalid(byte[] content, String message) {
        assertThatThrownBy(() -> CloudTrailLogFile.toEnvelopes(content))
                .isInstanceOf(InvalidLogFileException.class)
                .hasMessageContaining(message);
    }

    private static List<String> ids(List<ObjectNode> envelopes) {
        return envelopes.stream().map(envelope -> envelope.get("id").textValue()).toList();
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gzipOfSpaces(long size) {
        byte[] spaces = new byte[1 << 16];
        Arrays.fill(spaces, (byte) ' ');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write('[');
            for (long written = 1; written < size; written += spaces.length) {
                gzip.write(spaces, 0, (int) Math.min(spaces.length, size - written));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
