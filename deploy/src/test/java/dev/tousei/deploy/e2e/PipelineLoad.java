package dev.tousei.deploy.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.evidence.bench.EnvelopeMix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The whole-pipeline load: the collector benchmark's realistic background ({@link EnvelopeMix} without its own
 * control-relevant or broken templates: read-only and benign CloudTrail calls, console sign-ins with MFA, Config
 * compliance changes of unmapped rules, configuration item changes, low and medium GuardDuty findings), and a
 * configurable fraction of events that certainly change a control:
 * <ul>
 *   <li>StopLogging / StartLogging on each account's own trail, alternating per account, so every one flips SEC4-1
 *       (FAILED, PASSED, FAILED, …) and every StopLogging raises or reopens that trail's alert;</li>
 *   <li>GuardDuty findings of high severity (7.0–8.9), each a new finding, so each raises its own incident alert.</li>
 * </ul>
 * Events of one account share the account as Kafka key, so their order is kept end to end.
 */
final class PipelineLoad {

    static final String TRAIL = "pipeline-trail";
    static final List<String> HIGH_FINDINGS = List.of("Backdoor:EC2/C&CActivity.B!DNS", "CryptoCurrency:EC2/BitcoinTool.B",
        "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", "Impact:EC2/AbusedDomainRequest.Reputation");
    /** Of the control-changing events, the share that are trail flips; the rest are high findings. */
    private static final double TRAIL_SHARE = 0.8;

    enum Kind { BACKGROUND, TRAIL_STOPPED, TRAIL_STARTED, FINDING_HIGH }

    /**
     * One envelope to send. {@code sourceId} is what evidence-collector records as the evidence's source event id
     * (the CloudTrail eventID of CloudTrail envelopes, the envelope id otherwise), which is how its evidence is found.
     */
    record Event(String account, String sourceId, byte[] value, Kind kind) {

        boolean changesStatus() {
            return kind == Kind.TRAIL_STOPPED || kind == Kind.TRAIL_STARTED;
        }
    }

    private final EnvelopeMix background;
    private final SplittableRandom random;
    private final double changingFraction;
    private final List<String> accounts;
    /** Per account: whether the last flip generated stopped its trail. */
    private final Map<String, Boolean> trailStopped = new HashMap<>();
    private final Map<String, Integer> kinds = new LinkedHashMap<>();

    PipelineLoad(long seed, int accountCount, double changingFraction, Path catalogDirectory) {
        this.background = new EnvelopeMix(seed, accountCount, 0.0, 0.0, catalogDirectory);
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.changingFraction = changingFraction;
        this.accounts = background.accounts();
    }

    List<String> accounts() {
        return accounts;
    }

    /** Events generated so far by kind: EnvelopeMix's kinds for the background, then this class's. */
    Map<String, Integer> kinds() {
        Map<String, Integer> all = new LinkedHashMap<>(background.kinds());
        all.putAll(kinds);
        return all;
    }

    List<Event> next(int count) {
        List<Event> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(next());
        }
        return events;
    }

    Event next() {
        if (random.nextDouble() >= changingFraction) {
            EnvelopeMix.Generated generated = background.next();
            return new Event(generated.key(), sourceId(generated.value()), generated.value(), Kind.BACKGROUND);
        }
        String account = accounts.get(random.nextInt(accounts.size()));
        byte[] value;
        Kind kind;
        if (random.nextDouble() < TRAIL_SHARE) {
            boolean stop = !trailStopped.getOrDefault(account, false);
            trailStopped.put(account, stop);
            value = AwsEvents.cloudTrailLogging(account, TRAIL, !stop);
            kind = stop ? Kind.TRAIL_STOPPED : Kind.TRAIL_STARTED;
        } else {
            double severity = 7.0 + random.nextInt(19) / 10.0;
            value = AwsEvents.guardDutyFinding(account, HIGH_FINDINGS.get(random.nextInt(HIGH_FINDINGS.size())),
                    severity, false);
            kind = Kind.FINDING_HIGH;
        }
        kinds.merge(kind.name(), 1, Integer::sum);
        return new Event(account, sourceId(value), value, kind);
    }

    /**
     * The same events in other accounts, with fresh envelope ids and CloudTrail eventIDs: a second copy of a load whose
     * outcome must equal the first's account by account (the fault check's clean reference).
     */
    static List<Event> inOtherAccounts(List<Event> events, Map<String, String> accountMap) {
        List<Event> copies = new ArrayList<>(events.size());
        for (Event event : events) {
            String text = new String(event.value(), StandardCharsets.UTF_8);
            for (Map.Entry<String, String> entry : accountMap.entrySet()) {
                text = text.replace(entry.getKey(), entry.getValue());
            }
            try {
                ObjectNode envelope = (ObjectNode) Http.JSON.readTree(text);
                envelope.put("id", UUID.randomUUID().toString());
                if (envelope.path("detail").has("eventID")) {
                    ((ObjectNode) envelope.get("detail")).put("eventID", UUID.randomUUID().toString());
                }
                byte[] value = Http.JSON.writeValueAsBytes(envelope);
                copies.add(new Event(accountMap.get(event.account()), sourceId(value), value, event.kind()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return copies;
    }

    /** evidence-collector's rule (EvidenceNormalizer.dedupKey): CloudTrail envelopes by eventID, others by id. */
    static String sourceId(byte[] value) {
        try {
            JsonNode envelope = Http.JSON.readTree(value);
            String eventId = envelope.path("detail").path("eventID").asText("");
            if (envelope.path("detail-type").asText("").endsWith(" via CloudTrail") && !eventId.isBlank()) {
                return eventId;
            }
            return envelope.path("id").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
