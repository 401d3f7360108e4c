package dev.tousei.assessment.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Current statuses as an OSCAL 1.1.3 {@code assessment-results} document ({@code {"assessment-results": {...}}}).
 *
 * <p>There is no separate assessment plan: tousei assesses continuously. {@code import-ap} therefore points to a
 * back-matter resource describing that ({@code #<uuid>}). The document holds one {@code result} covering the period
 * from the oldest status' {@code since} to the export; its {@code reviewed-controls} select every assessed control
 * (one selection per framework). Each control × account becomes one {@code finding} targeting the control (target
 * type {@code objective-id}, target id = our control id, the catalog export's id) with one related
 * {@code observation} carrying the evidence and attestation references ({@code urn:tousei:evidence:<uuid>},
 * {@code urn:tousei:attestation:<uuid>}). Our own props are in namespace {@value #NS}.
 *
 * <p>Status mapping (OSCAL's {@code state} allows only satisfied / not-satisfied):
 * <table>
 * <tr><th>tousei</th><th>state</th><th>reason</th><th>also</th></tr>
 * <tr><td>PASSED</td><td>satisfied</td><td>pass</td><td></td></tr>
 * <tr><td>FAILED</td><td>not-satisfied</td><td>fail</td><td></td></tr>
 * <tr><td>STALE</td><td>not-satisfied</td><td>other</td><td>status remarks: evidence too old / attestation
 *     expired</td></tr>
 * <tr><td>INSUFFICIENT_DATA</td><td>not-satisfied</td><td>other</td><td>status remarks: nothing to assess yet</td></tr>
 * <tr><td>NOT_APPLICABLE</td><td>satisfied</td><td>other</td><td>target prop {@code not-applicable=true} and
 *     {@code implementation-status} {@code not-applicable}</td></tr>
 * </table>
 * Every finding also carries our status name as a prop, so nothing is lost in the mapping.
 *
 * <p>UUIDs are name-based (version 5), so the same statuses export the same uuids: the document's from the filter,
 * the result's from the filter and the newest status change, a finding's and its observation's from account,
 * control, status and since (a new status is a new finding). Only {@code last-modified} and the result's
 * {@code end} (the export time) differ between two exports of unchanged statuses.
 */
@ApplicationScoped
public class OscalAssessmentResultsExporter {

    public static final String OSCAL_VERSION = "1.1.3";

    /** The namespace of every prop OSCAL does not define; the catalog export's. */
    public static final String NS = "https://tousei.dev/ns/oscal";

    /** Namespace of our name-based UUIDs, the catalog export's: fixed forever, so exports stay reproducible. */
    private static final UUID UUID_NAMESPACE = UUID.fromString("0b1d6a4e-3c55-4f57-9a1e-6f1c2b7d9e40");

    /** The back-matter resource standing in for an assessment plan. */
    public static final String PLAN_RESOURCE_UUID = uuid("assessment-plan/continuous-monitoring");

    public static final String EVIDENCE_URN = "urn:tousei:evidence:";
    public static final String ATTESTATION_URN = "urn:tousei:attestation:";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern TOKEN = Pattern.compile("^(\\p{L}|_)(\\p{L}|\\p{N}|[.\\-_])*$");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

    /** How one of our statuses reads in OSCAL. */
    record Verdict(String state, String reason, String remarks, boolean notApplicable) {
    }

    static Verdict verdict(String status) {
        return switch (status) {
            case "PASSED" -> new Verdict("satisfied", "pass", null, false);
            case "FAILED" -> new Verdict("not-satisfied", "fail", null, false);
            case "STALE" -> new Verdict("not-satisfied", "other", "STALE: the newest evidence is older than the "
                    + "control's freshness window, or its attestation has expired, so the control is not shown to be "
                    + "met now.", false);
            case "INSUFFICIENT_DATA" -> new Verdict("not-satisfied", "other", "INSUFFICIENT_DATA: no PASS or FAIL "
                    + "evidence and no valid attestation yet, so the control is not shown to be met.", false);
            case "NOT_APPLICABLE" -> new Verdict("satisfied", "other", "NOT_APPLICABLE: an administrator declared "
                    + "the control not applicable to this account; the finding's description gives the reason.",
                    true);
            default -> new Verdict("not-satisfied", "other", status + ": not a status this export knows, so not "
                    + "counted as met.", false);
        };
    }

    /**
     * @param controls the statuses to export, in the order the findings should have
     * @param framework the framework filter applied, or null
     * @param account the account filter applied, or null
     * @param exportedAt when the export is made: the result's end and the document's last-modified
     */
    public ObjectNode export(List<AssessedControl> controls, String framework, String account, Instant exportedAt) {
        String subject = "assessment-results/framework=" + (framework == null ? "*" : framework)
                + "/account=" + (account == null ? "*" : account);
        Instant newestChange = controls.stream().map(AssessedControl::since).filter(Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(exportedAt);
        Instant start = controls.stream().map(AssessedControl::since).filter(Objects::nonNull)
                .min(Comparator.naturalOrder()).orElse(exportedAt);
        if (start.isAfter(exportedAt)) {
            start = exportedAt;
        }

        ObjectNode results = NODES.objectNode();
        results.put("uuid", uuid(subject));
        results.set("metadata", metadata(framework, account, newestChange, exportedAt));
        results.putObject("import-ap")
                .put("href", "#" + PLAN_RESOURCE_UUID)
                .put("remarks", "No separate assessment plan: every control is assessed continuously by tousei, as the "
                        + "back-matter resource describes.");

        ObjectNode result = results.putArray("results").addObject();
        result.put("uuid", uuid(subject + "/result/" + dateTime(newestChange)));
        result.put("title", "Control status" + scope(framework, account));
        result.put("description", "The current status of every assessed control in every AWS account"
                + scope(framework, account) + ", as tousei assesses it continuously from evidence (AWS events) and "
                + "auditors' attestations. Each finding is one control in one account; its observation references "
                + "the evidence and attestations the status rests on.");
        result.put("start", dateTime(start));
        result.put("end", dateTime(exportedAt));
        result.set("reviewed-controls", reviewedControls(controls));

        ArrayNode observations = NODES.arrayNode();
        ArrayNode findings = NODES.arrayNode();
        for (AssessedControl control : controls) {
            String name = control.accountId() + "/" + control.controlId() + "/" + control.status() + "/"
                    + (control.since() == null ? "" : dateTime(control.since()));
            String observationUuid = uuid("observation/" + name);
            observations.add(observation(control, observationUuid, start));
            findings.add(finding(control, uuid("finding/" + name), observationUuid));
        }
        putIfNotEmpty(result, "observations", observations);
        putIfNotEmpty(result, "findings", findings);

        results.putObject("back-matter").putArray("resources").addObject()
                .put("uuid", PLAN_RESOURCE_UUID)
                .put("title", "Continuous monitoring by tousei")
                .put("description", "tousei monitors FISC 統制基準 and AWS Well-Architected Security Pillar controls "
                        + "continuously instead of following a point-in-time assessment plan. Evidence from AWS "
                        + "accounts (CloudTrail events, AWS Config compliance changes) is evaluated by each control's "
                        + "evidence rules as it arrives; governance controls are assessed from auditors' attestations, "
                        + "which expire; administrators may declare a control not applicable to an account, with a "
                        + "reason. A control's status turns STALE when its newest evidence is older than the "
                        + "control's freshness window.");

        ObjectNode root = NODES.objectNode();
        root.set("assessment-results", results);
        return root;
    }

    private static ObjectNode metadata(String framework, String account, Instant newestChange, Instant exportedAt) {
        ObjectNode metadata = NODES.objectNode();
        metadata.put("title", "tousei assessment results" + scope(framework, account));
        metadata.put("last-modified", dateTime(exportedAt));
        metadata.put("version", dateTime(newestChange));
        metadata.put("oscal-version", OSCAL_VERSION);
        ArrayNode props = NODES.arrayNode();
        prop(props, "framework-filter", framework);
        prop(props, "account-filter", account);
        putIfNotEmpty(metadata, "props", props);
        metadata.put("remarks", "The version is the time of the newest status change included.");
        return metadata;
    }

    /** One control selection per framework, listing every assessed control of it. */
    private static ObjectNode reviewedControls(List<AssessedControl> controls) {
        Map<String, Set<String>> byFramework = new TreeMap<>();
        for (AssessedControl control : controls) {
            byFramework.computeIfAbsent(control.frameworkId() == null ? "" : control.frameworkId(),
                    key -> new LinkedHashSet<>()).add(controlId(control.controlId()));
        }
        ObjectNode reviewed = NODES.objectNode();
        ArrayNode selections = reviewed.putArray("control-selections");
        if (byFramework.isEmpty()) {
            // OSCAL needs at least one selection and an include list cannot be empty
            selections.addObject().put("remarks", "No control has a status for this filter yet.")
                    .putObject("include-all");
            return reviewed;
        }
        byFramework.forEach((framework, ids) -> {
            ObjectNode selection = selections.addObject();
            ArrayNode props = NODES.arrayNode();
            prop(props, "framework", framework);
            putIfNotEmpty(selection, "props", props);
            ArrayNode include = selection.putArray("include-controls");
            ids.forEach(id -> include.addObject().put("control-id", id));
        });
        return reviewed;
    }

    private static ObjectNode finding(AssessedControl control, String findingUuid, String observationUuid) {
        Verdict verdict = verdict(control.status());
        ObjectNode finding = NODES.objectNode();
        finding.put("uuid", findingUuid);
        finding.put("title", oneLine(displayId(control) + " in " + control.accountId()));
        String reason = prose(control.reason());
        finding.put("description", reason != null ? reason : control.status());

        ArrayNode props = NODES.arrayNode();
        prop(props, "status", control.status());
        prop(props, "account", control.accountId());
        prop(props, "framework", control.frameworkId());
        prop(props, "control-id", control.controlId());
        prop(props, "title-ja", control.titleJa());
        prop(props, "title-en", control.titleEn());
        if (control.since() != null) {
            prop(props, "since", dateTime(control.since()));
        }
        putIfNotEmpty(finding, "props", props);

        ObjectNode target = finding.putObject("target");
        target.put("type", "objective-id");
        target.put("target-id", controlId(control.controlId()));
        if (verdict.notApplicable()) {
            target.putArray("props").addObject().put("name", "not-applicable").put("ns", NS).put("value", "true");
        }
        ObjectNode status = target.putObject("status").put("state", verdict.state()).put("reason", verdict.reason());
        if (verdict.remarks() != null) {
            status.put("remarks", verdict.remarks());
        }
        if (verdict.notApplicable()) {
            ObjectNode implementation = target.putObject("implementation-status").put("state", "not-applicable");
            if (reason != null) {
                implementation.put("remarks", reason);
            }
        }
        finding.putArray("related-observations").addObject().put("observation-uuid", observationUuid);
        return finding;
    }

    private static ObjectNode observation(AssessedControl control, String observationUuid, Instant fallback) {
        ObjectNode observation = NODES.objectNode();
        observation.put("uuid", observationUuid);
        observation.put("title", oneLine(displayId(control) + " in " + control.accountId() + ": " + control.status()));
        int evidence = control.evidenceIds().size();
        int attestations = control.attestationIds().size();
        observation.put("description", control.status() + " in account " + control.accountId() + ", from "
                + evidence + (evidence == 1 ? " evidence record" : " evidence records") + " and " + attestations
                + (attestations == 1 ? " attestation." : " attestations."));

        ArrayNode props = NODES.arrayNode();
        prop(props, "account", control.accountId());
        control.failedResources().forEach(resource -> prop(props, "failed-resource", resource));
        putIfNotEmpty(observation, "props", props);

        ArrayNode methods = observation.putArray("methods");
        methods(control).forEach(methods::add);

        ArrayNode relevant = NODES.arrayNode();
        control.evidenceIds().forEach(id -> relevant.addObject()
                .put("href", EVIDENCE_URN + id)
                .put("description", "Evidence record " + id + " from the tousei evidence collector."));
        control.attestationIds().forEach(id -> relevant.addObject()
                .put("href", ATTESTATION_URN + id)
                .put("description", "Attestation " + id + " by an auditor."));
        putIfNotEmpty(observation, "relevant-evidence", relevant);
        observation.put("collected", dateTime(control.since() != null ? control.since() : fallback));
        return observation;
    }

    /** AUTOMATED for evidence, EXAMINE for attestations; with neither, what the control's assessment mode says. */
    static List<String> methods(AssessedControl control) {
        boolean automated = !control.evidenceIds().isEmpty();
        boolean examined = !control.attestationIds().isEmpty();
        if (!automated && !examined) {
            String mode = control.assessmentMode() == null ? "" : control.assessmentMode();
            automated = mode.equals("AUTOMATED") || mode.equals("BOTH");
            examined = mode.equals("ATTESTATION") || mode.equals("BOTH");
        }
        if (automated && examined) {
            return List.of("AUTOMATED", "EXAMINE");
        }
        return automated ? List.of("AUTOMATED") : examined ? List.of("EXAMINE") : List.of("UNKNOWN");
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

    /**
     * The OSCAL id of one of our controls, as the catalog export writes it: ids starting with a digit are not OSCAL
     * tokens and get a leading underscore.
     */
    static String controlId(String id) {
        return TOKEN.matcher(id).matches() ? id : "_" + id;
    }

    private static String displayId(AssessedControl control) {
        String displayId = string(control.displayId());
        return displayId != null ? displayId : control.controlId();
    }

    private static String scope(String framework, String account) {
        if (framework == null && account == null) {
            return "";
        }
        // filters come from the query string: one line, as titles must be
        StringBuilder scope = new StringBuilder(" (");
        if (framework != null) {
            scope.append("framework ").append(string(framework));
        }
        if (account != null) {
            scope.append(framework != null ? ", " : "").append("account ").append(string(account));
        }
        return scope.append(')').toString();
    }

    /** OSCAL's string: white space runs collapsed to one space, trimmed; null when empty. */
    private static String string(String value) {
        if (value == null) {
            return null;
        }
        String collapsed = WHITE_SPACE.matcher(value.strip()).replaceAll(" ");
        return collapsed.isEmpty() ? null : collapsed;
    }

    /** A markup-line (title): one line. */
    private static String oneLine(String value) {
        String line = string(value);
        return line == null ? "-" : line;
    }

    /** Markup-multiline: trimmed, null when blank; line breaks kept. */
    private static String prose(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String dateTime(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** A prop in our namespace; nothing when the value is empty. */
    private static void prop(ArrayNode props, String name, String value) {
        String cleaned = string(value);
        if (cleaned != null) {
            props.addObject().put("name", name).put("ns", NS).put("value", cleaned);
        }
    }

    /** OSCAL arrays have at least one item. */
    private static void putIfNotEmpty(ObjectNode object, String name, ArrayNode array) {
        if (!array.isEmpty()) {
            object.set(name, array);
        }
    }
}
