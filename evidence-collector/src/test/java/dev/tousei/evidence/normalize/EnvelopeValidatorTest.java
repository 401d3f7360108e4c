package dev.tousei.evidence.normalize;

import static dev.tousei.evidence.normalize.Fixtures.ACCOUNT;
import static dev.tousei.evidence.normalize.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class EnvelopeValidatorTest {

    private final EnvelopeValidator validator = new EnvelopeValidator(CLOCK);

    @Test
    void acceptsAnEnvelopeAndKeepsItsFields() {
        byte[] value = Fixtures.bytes("cloudtrail-stoplogging-by-name.json");

        Envelope envelope = (Envelope) validator.validate(value);

        assertThat(envelope.id()).isEqualTo("7d3c1a52-0b6e-4c1e-9a40-1f2e3d4c5b61");
        assertThat(envelope.detailType()).isEqualTo("AWS API Call via CloudTrail");
        assertThat(envelope.source()).isEqualTo("aws.cloudtrail");
        assertThat(envelope.account()).isEqualTo(ACCOUNT);
        assertThat(envelope.time()).isEqualTo(Instant.parse("2025-05-20T01:02:03Z"));
        assertThat(envelope.region()).isEqualTo("ap-northeast-1");
        assertThat(envelope.resources()).isEmpty();
        assertThat(envelope.detail().get("eventName").textValue()).isEqualTo("StopLogging");
        assertThat(envelope.raw().get("detail")).isSameAs(envelope.detail());
        assertThat(envelope.sizeBytes()).isEqualTo(value.length);
    }

    @Test
    void readsATimeWithAnOffsetAsTheSameInstant() {
        Envelope envelope = Fixtures.envelope("cloudtrail-describetrails-readonly.json");

        assertThat(envelope.time()).isEqualTo(Instant.parse("2025-05-19T18:00:00Z"));
    }

    @Test
    void acceptsAnEmptyRegionAndKeepsStringResources() {
        ObjectNode tree = Fixtures.tree("other-ec2-state-change.json");
        tree.put("region", "");

        Envelope envelope = Fixtures.envelope(Fixtures.toBytes(tree));

        assertThat(envelope.region()).isEmpty();
        assertThat(envelope.resources())
                .containsExactly("arn:aws:ec2:ap-northeast-1:111122223333:instance/i-0123456789abcdef0");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "rejected/not-json.txt, MALFORMED_JSON",
            "rejected/duplicate-key.json, MALFORMED_JSON",
            "rejected/trailing-garbage.json, MALFORMED_JSON",
            "rejected/array-of-envelopes.json, NOT_AN_OBJECT",
            "rejected/missing-detail.json, MISSING_FIELD",
            "rejected/missing-version.json, MISSING_FIELD",
            "rejected/detail-as-string.json, WRONG_TYPE",
            "rejected/resources-not-strings.json, WRONG_TYPE",
            "rejected/account-as-number.json, WRONG_TYPE",
            "rejected/account-12345.json, INVALID_ACCOUNT",
            "rejected/time-yesterday.json, INVALID_TIME",
            "rejected/time-1970.json, INVALID_TIME",
            "rejected/time-without-offset.json, INVALID_TIME",
            "rejected/id-control-character.json, INVALID_ID",
            "rejected/id-blank.json, INVALID_ID",
            "rejected/version-1.json, UNSUPPORTED_VERSION"
    })
    void rejectsFixturesWithTheirReason(String fixture, RejectionReason reason) {
        ValidationResult result = validator.validate(Fixtures.bytes(fixture));

        assertThat(result).isInstanceOfSatisfying(Rejection.class, rejection -> {
            assertThat(rejection.reason()).isEqualTo(reason);
            assertThat(rejection.detail()).isNotBlank().hasSizeLessThan(300);
        });
    }

    @Test
    void namesTheDuplicateKeyAndTheBadValues() {
        assertThat(detail("rejected/duplicate-key.json")).contains("account");
        assertThat(detail("rejected/account-12345.json")).contains("\"12345\"");
        assertThat(detail("rejected/time-yesterday.json")).contains("\"yesterday\"");
        assertThat(detail("rejected/missing-detail.json")).isEqualTo("detail is missing");
        assertThat(detail("rejected/account-as-number.json")).isEqualTo("account must be a string, was number");
        assertThat(detail("rejected/id-control-character.json")).isEqualTo("id holds control characters");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\n\t"})
    void rejectsNothingAsMalformed(String value) {
        byte[] bytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);

        assertThat(reason(validator.validate(bytes))).isEqualTo(RejectionReason.MALFORMED_JSON);
    }

    @Test
    void rejectsJsonThatIsNotAnObject() {
        assertThat(reason(validator.validate("\"just a string\"".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(RejectionReason.NOT_AN_OBJECT);
        assertThat(reason(validator.validate("42".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(RejectionReason.NOT_AN_OBJECT);
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] valid = Fixtures.bytes("signin-iamuser-no-mfa.json");
        String text = new String(valid, StandardCharsets.UTF_8);
        int at = text.indexOf("teller-sato");

        byte[] brokenSequence = valid.clone();
        brokenSequence[at] = (byte) 0xC3; // a two-byte lead followed by '(' (0x28) instead of a continuation
        brokenSequence[at + 1] = (byte) 0x28;
        byte[] overlongSlash = valid.clone();
        overlongSlash[at] = (byte) 0xC0;
        overlongSlash[at + 1] = (byte) 0xAF;
        byte[] loneByte = valid.clone();
        loneByte[at] = (byte) 0xFF;
        byte[] encodedSurrogate = valid.clone();
        encodedSurrogate[at] = (byte) 0xED;
        encodedSurrogate[at + 1] = (byte) 0xA0;
        encodedSurrogate[at + 2] = (byte) 0x80;

        for (byte[] broken : new byte[][] {brokenSequence, overlongSlash, loneByte, encodedSurrogate}) {
            assertThat(reason(validator.validate(broken))).isEqualTo(RejectionReason.INVALID_ENCODING);
        }
    }

    @Test
    void keepsAGenuineReplacementCharacterAndTheTextByteForByte() {
        ObjectNode tree = Fixtures.tree("other-ec2-state-change.json");
        ((ObjectNode) tree.get("detail")).put("note", "\uFFFD sent as such, and 日本語");
        byte[] value = Fixtures.toBytes(tree);

        ValidationResult result = validator.validate(value);

        assertThat(result).isInstanceOf(Envelope.class);
        assertThat(((Envelope) result).text()).isEqualTo(new String(value, StandardCharsets.UTF_8));
        byte[] brokenToo = value.clone();
        brokenToo[brokenToo.length - 2] = (byte) 0xFF; // invalid as well as holding a genuine U+FFFD
        assertThat(reason(validator.validate(brokenToo))).isEqualTo(RejectionReason.INVALID_ENCODING);
    }

    @Test
    void rejectsA300KilobyteEnvelopeBeforeParsingIt() {
        ObjectNode tree = Fixtures.tree("other-ec2-state-change.json");
        ((ObjectNode) tree.get("detail")).put("padding", "x".repeat(300 * 1024));
        byte[] oversize = Fixtures.toBytes(tree);
        byte[] oversizeGarbage = new byte[300 * 1024];
        Arrays.fill(oversizeGarbage, (byte) 0xFF);

        ValidationResult result = validator.validate(oversize);

        assertThat(result).isEqualTo(new Rejection(RejectionReason.OVERSIZE,
                oversize.length + " bytes, more than the 262144 bytes EventBridge allows"));
        assertThat(reason(validator.validate(oversizeGarbage))).isEqualTo(RejectionReason.OVERSIZE);
    }

    @Test
    void acceptsExactly256KilobytesAndNotOneByteMore() {
        assertThat(validator.validate(padded(EnvelopeValidator.MAX_ENVELOPE_BYTES)))
                .isInstanceOfSatisfying(Envelope.class,
                        envelope -> assertThat(envelope.sizeBytes()).isEqualTo(262_144));
        assertThat(reason(validator.validate(padded(EnvelopeValidator.MAX_ENVELOPE_BYTES + 1))))
                .isEqualTo(RejectionReason.OVERSIZE);
    }

    @Test
    void rejects1000DeepNesting() {
        String deepDetail = "{\"a\":".repeat(1000) + "1" + "}".repeat(1000);
        String envelope = new String(Fixtures.bytes("other-ec2-state-change.json"), StandardCharsets.UTF_8)
                .replace("\"state\": \"stopped\"", "\"state\": " + deepDetail);
        String deepArrays = "[".repeat(1000) + "]".repeat(1000);

        assertThat(validator.validate(envelope.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Rejection(RejectionReason.TOO_DEEP, "nested deeper than 64 levels"));
        assertThat(reason(validator.validate(deepArrays.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(RejectionReason.TOO_DEEP);
    }

    @Test
    void acceptsNestingUpToTheLimit() {
        // the envelope object and detail take two levels, "state" opens the rest
        assertThat(validator.validate(nested(EnvelopeValidator.MAX_NESTING_DEPTH - 2))).isInstanceOf(Envelope.class);
        assertThat(reason(validator.validate(nested(EnvelopeValidator.MAX_NESTING_DEPTH - 1))))
                .isEqualTo(RejectionReason.TOO_DEEP);
    }

    @Test
    void rejectsTimesOutsideThePlausibleWindow() {
        assertThat(reason(validator.validate(withTime("2005-12-31T23:59:59Z"))))
                .isEqualTo(RejectionReason.INVALID_TIME);
        assertThat(validator.validate(withTime("2006-01-01T00:00:00Z"))).isInstanceOf(Envelope.class);
        assertThat(validator.validate(withTime("2025-06-01T23:00:00Z"))).isInstanceOf(Envelope.class);
        assertThat(reason(validator.validate(withTime("2025-06-02T00:00:01Z"))))
                .isEqualTo(RejectionReason.INVALID_TIME);
        assertThat(reason(validator.validate(withTime("2025-05-20")))).isEqualTo(RejectionReason.INVALID_TIME);
        assertThat(reason(validator.validate(withTime("1747699200")))).isEqualTo(RejectionReason.INVALID_TIME);
    }

    @Test
    void rejectsAccountsThatAreNotTwelveAsciiDigits() {
        String fullWidthDigits = "\uff11".repeat(12);
        for (String account : new String[] {"11112222333", "1111222233334", "11112222333a", fullWidthDigits,
                " 111122223333", ""}) {
            ObjectNode tree = Fixtures.tree("signin-iamuser-no-mfa.json");
            tree.put("account", account);
            assertThat(reason(validator.validate(Fixtures.toBytes(tree)))).as(account)
                    .isEqualTo(account.isEmpty() ? RejectionReason.MISSING_FIELD : RejectionReason.INVALID_ACCOUNT);
        }
    }

    @Test
    void limitsTheIdTo256Characters() {
        ObjectNode tree = Fixtures.tree("signin-iamuser-no-mfa.json");
        tree.put("id", "i".repeat(256));
        assertThat(validator.validate(Fixtures.toBytes(tree))).isInstanceOf(Envelope.class);

        tree.put("id", "i".repeat(257));
        assertThat(reason(validator.validate(Fixtures.toBytes(tree)))).isEqualTo(RejectionReason.INVALID_ID);

        tree.put("id", "abc\ud800");
        assertThat(reason(validator.validate(Fixtures.toBytes(tree)))).isEqualTo(RejectionReason.INVALID_ID);
    }

    @Test
    void neverEchoesMoreThanAFewDozenCharactersOfTheInput() {
        ObjectNode tree = Fixtures.tree("signin-iamuser-no-mfa.json");
        tree.put("account", "9".repeat(10_000));

        String detail = ((Rejection) validator.validate(Fixtures.toBytes(tree))).detail();

        assertThat(detail).hasSizeLessThan(120).contains("…");
    }

    @Test
    void neverThrowsOnTruncatedOrCorruptedInput() {
        byte[] valid = Fixtures.bytes("guardduty-high-sample.json");
        for (int length = 0; length < valid.length; length++) {
            assertThat(validator.validate(Arrays.copyOf(valid, length))).isNotNull();
        }
        Random random = new Random(20250601L);
        for (int round = 0; round < 2_000; round++) {
            byte[] corrupted = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                corrupted[random.nextInt(corrupted.length)] = (byte) random.nextInt(256);
            }
            ValidationResult result = validator.validate(corrupted);
            assertThat(result).isNotNull();
            if (result instanceof Rejection rejection) {
                assertThat(rejection.reason()).isNotNull();
                assertThat(rejection.detail()).isNotBlank();
            }
        }
    }

    private String detail(String fixture) {
        return ((Rejection) validator.validate(Fixtures.bytes(fixture))).detail();
    }

    private static RejectionReason reason(ValidationResult result) {
        assertThat(result).isInstanceOf(Rejection.class);
        return ((Rejection) result).reason();
    }

    private static byte[] withTime(String time) {
        ObjectNode tree = Fixtures.tree("signin-iamuser-no-mfa.json");
        tree.put("time", time);
        return Fixtures.toBytes(tree);
    }

    /** The EC2 fixture padded with ASCII to exactly {@code size} bytes. */
    private static byte[] padded(int size) {
        ObjectNode tree = Fixtures.tree("other-ec2-state-change.json");
        ((ObjectNode) tree.get("detail")).put("padding", "");
        int base = Fixtures.toBytes(tree).length;
        ((ObjectNode) tree.get("detail")).put("padding", "p".repeat(size - base));
        byte[] bytes = Fixtures.toBytes(tree);
        assertThat(bytes).hasSize(size);
        return bytes;
    }

    /** The EC2 fixture with {@code levels} nested objects under detail.state. */
    private static byte[] nested(int levels) {
        String value = "{\"a\":".repeat(levels) + "1" + "}".repeat(levels);
        return new String(Fixtures.bytes("other-ec2-state-change.json"), StandardCharsets.UTF_8)
                .replace("\"state\": \"stopped\"", "\"state\": " + value).getBytes(StandardCharsets.UTF_8);
    }
}
