package dev.tousei.evidence.normalize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.evidence.normalize.CloudTrailLogFile.InvalidLogFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the real AWS events in the shared samples folder (not part of the project; skipped when absent) through the
 * validator and the normaliser: nothing may throw, and every file is accepted or rejected with a reason.
 * EventBridge samples must be accepted, except the ones listed in {@link #KNOWN_REJECTED}; CloudTrail log samples
 * must either give valid envelopes or be refused with {@link InvalidLogFileException}.
 */
class AwsSamplesTest {

    /**
     * EventBridge samples that are not what EventBridge delivers. Two documentation examples omit {@code version};
     * Cloud Custodian's test event carries the Unix epoch as its time.
     */
    private static final Map<String, RejectionReason> KNOWN_REJECTED = Map.of(
            "awsdocs-cwe__console-signin-root-no-mfa.json", RejectionReason.MISSING_FIELD,
            "custodian__s3-create-bucket.json", RejectionReason.MISSING_FIELD,
            "custodian__ec2-backdoor-cc-dns.json", RejectionReason.INVALID_TIME);

    private final EnvelopeValidator validator = new EnvelopeValidator();
    private final EvidenceNormalizer normalizer = new EvidenceNormalizer();

    @TestFactory
    Stream<DynamicTest> everySampleIsAcceptedOrRejectedWithAReason() {
        Path samples = samplesFolder();
        return files(samples).map(file -> DynamicTest.dynamicTest(samples.relativize(file).toString(), () -> {
            String folder = samples.relativize(file).getName(0).toString();
            byte[] value = Files.readAllBytes(file);
            ValidationResult result = validator.validate(value);
            assertThat(result).isNotNull();
            String outcome;
            if (result instanceof Envelope envelope) {
                NormalizedEvent event = normalizer.normalize(envelope);
                assertThat(event.dedupKey()).isNotBlank();
                assertThat(event.summary()).isNotNull();
                outcome = "accepted " + event.summary().classUid() + " " + event.summary().operation();
            } else {
                Rejection rejection = (Rejection) result;
                assertThat(rejection.reason()).isNotNull();
                assertThat(rejection.detail()).isNotBlank();
                outcome = "rejected " + rejection.reason() + ": " + rejection.detail();
                if ("eventbridge".equals(folder)) {
                    assertThat(rejection.reason()).as("%s is an EventBridge sample: %s", file.getFileName(), outcome)
                            .isEqualTo(KNOWN_REJECTED.get(file.getFileName().toString()));
                }
            }
            if ("raw".equals(folder)) {
                outcome += "; as a CloudTrail log file: " + asLogFile(value);
            }
            System.out.println("[samples] " + samples.relativize(file) + " -> " + outcome);
        }));
    }

    private String asLogFile(byte[] value) {
        try {
            List<ObjectNode> envelopes = CloudTrailLogFile.toEnvelopes(value);
            StringBuilder outcome = new StringBuilder(envelopes.size() + " envelope(s)");
            for (ObjectNode built : envelopes) {
                byte[] bytes = Fixtures.toBytes(built);
                ValidationResult result = validator.validate(bytes);
                assertThatCode(() -> {
                    if (result instanceof Envelope envelope) {
                        normalizer.normalize(envelope);
                    }
                }).doesNotThrowAnyException();
                outcome.append(result instanceof Rejection rejection ? ", one rejected " + rejection.reason() : "");
            }
            return outcome.toString();
        } catch (InvalidLogFileException e) {
            return "refused: " + e.getMessage();
        }
    }

    private static Path samplesFolder() {
        Optional<Path> found = Stream.of(System.getProperty("tousei.samples"), "../../shared/samples",
                        "../shared/samples", "/work/shared/samples")
                .filter(candidate -> candidate != null && !candidate.isBlank())
                .map(Path::of)
                .filter(Files::isDirectory)
                .findFirst();
        Assumptions.assumeTrue(found.isPresent(), "no shared samples folder here");
        return found.get().toAbsolutePath().normalize();
    }

    private static Stream<Path> files(Path samples) {
        try (Stream<Path> walk = Files.walk(samples)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> !file.getFileName().toString().equalsIgnoreCase("README.md"))
                    .sorted()
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
