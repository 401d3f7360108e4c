package dev.tousei.evidence.normalize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.events.evidence.EvidenceSummary;
import dev.tousei.events.evidence.EvidenceSummary.Actor;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns an accepted {@link Envelope} into OCSF-aligned facts ({@link EvidenceSummary}) and a deduplication key.
 * Reads only what it needs and tolerates any shape of {@code detail}: a missing field becomes null, never an error.
 *
 * <p>Resource identifiers are kept as AWS gives them (an ARN, or a bare id such as {@code sg-0abc} or
 * {@code i-0abc}), except four kinds that AWS names by bare name in some events and by ARN in others, which are
 * always turned into an ARN so that the same resource gets the same id from every source: CloudTrail trails, S3
 * buckets, GuardDuty detectors and Config recorders. An account is {@code AWS::::Account:<id>}, as Security Hub
 * writes it.
 */
public final class EvidenceNormalizer {

    public static final String CLOUDTRAIL_API_CALL = "AWS API Call via CloudTrail";
    public static final String CLOUDTRAIL_CONSOLE_SIGN_IN = "AWS Console Sign In via CloudTrail";
    public static final String CLOUDTRAIL_SERVICE_EVENT = "AWS Service Event via CloudTrail";
    public static final String CONFIG_COMPLIANCE_CHANGE = "Config Rules Compliance Change";
    public static final String CONFIG_ITEM_CHANGE = "Config Configuration Item Change";
    public static final String GUARDDUTY_FINDING = "GuardDuty Finding";
    public static final String SECURITY_HUB_IMPORTED = "Security Hub Findings - Imported";

    public static final int API_ACTIVITY = 6003;
    public static final int COMPLIANCE_FINDING = 2003;
    public static final int DETECTION_FINDING = 2004;
    public static final int OTHER = 0;

    public static final String SUCCESS = "SUCCESS";
    public static final String FAILURE = "FAILURE";
    public static final String UNKNOWN = "UNKNOWN";

    public static final String CLOUDTRAIL_KEY_PREFIX = "cloudtrail:";
    public static final String ENVELOPE_KEY_PREFIX = "envelope:";

    /** At most this many resources per summary; the envelope keeps the rest. */
    public static final int MAX_RESOURCES = 50;
    /** Longer strings are not resource identifiers (IAM's ARN limit is 2048). */
    static final int MAX_RESOURCE_LENGTH = 2048;
    private static final int MAX_EVENT_ID_LENGTH = 256;

    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern INDEX = Pattern.compile("[0-9]{1,9}");
    private static final String ACCOUNT_RESOURCE_PREFIX = "AWS::::Account:";

    /** Security Hub's label to its normalised score (0–100); the summary divides by ten. */
    private static final Map<String, Double> SECURITY_HUB_LABELS = Map.of(
            "INFORMATIONAL", 0.0, "LOW", 1.0, "MEDIUM", 40.0, "HIGH", 70.0, "CRITICAL", 90.0);

    public NormalizedEvent normalize(Envelope envelope) {
        return new NormalizedEvent(dedupKey(envelope), summarize(envelope));
    }

    /**
     * {@code cloudtrail:<eventID>} for any {@code ... via CloudTrail} envelope whose {@code detail.eventID} is a
     * usable id, otherwise {@code envelope:<id>}.
     */
    public String dedupKey(Envelope envelope) {
        if (envelope.detailType().endsWith(" via CloudTrail")) {
            String eventId = text(envelope.detail(), "eventID");
            if (eventId != null && !eventId.isBlank() && eventId.length() <= MAX_EVENT_ID_LENGTH
                    && eventId.chars().noneMatch(Character::isISOControl)) {
                return CLOUDTRAIL_KEY_PREFIX + eventId;
            }
        }
        return ENVELOPE_KEY_PREFIX + envelope.id();
    }

    public EvidenceSummary summarize(Envelope envelope) {
        return switch (envelope.detailType()) {
            case CLOUDTRAIL_API_CALL, CLOUDTRAIL_CONSOLE_SIGN_IN, CLOUDTRAIL_SERVICE_EVENT -> apiActivity(envelope);
            case CONFIG_COMPLIANCE_CHANGE -> configCompliance(envelope);
            case CONFIG_ITEM_CHANGE -> configItemChange(envelope);
            case GUARDDUTY_FINDING -> guardDutyFinding(envelope);
            case SECURITY_HUB_IMPORTED -> securityHubFinding(envelope);
            default -> new EvidenceSummary(OTHER, "Other", envelope.detailType(), UNKNOWN, null, false, null,
                    resources(envelope).list(), null, null, null, false);
        };
    }

    /**
     * The text at a dotted path from the envelope root ({@code detail.requestParameters.name}); a numeric segment
     * indexes an array ({@code detail.resources.0.ARN}). Null when the path leads nowhere, to JSON null, or to an
     * object or array. Numbers and booleans come back as their JSON text.
     */
    public String resourceAt(Envelope envelope, String dottedPath) {
        if (dottedPath == null || dottedPath.isBlank()) {
            return null;
        }
        JsonNode node = envelope.raw();
        for (String segment : dottedPath.split("\\.", -1)) {
            if (node.isObject()) {
                node = node.get(segment);
            } else if (node.isArray() && INDEX.matcher(segment).matches()) {
                node = node.get(Integer.parseInt(segment));
            } else {
                return null;
            }
            if (node == null) {
                return null;
            }
        }
        return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    /**
     * The canonical id of a resource an event names, so that the same resource gets the same id whichever event
     * names it and however. Values that are already ARNs, and values this method cannot place, come back unchanged.
     * A bare name becomes an ARN in the envelope's region and account (the partition follows the region:
     * {@code cn-} and {@code us-gov-} regions get {@code aws-cn} and {@code aws-us-gov}) when:
     * <ul>
     *   <li>the CloudTrail {@code eventSource} is {@code cloudtrail.amazonaws.com}:
     *       {@code arn:aws:cloudtrail:<region>:<account>:trail/<name>}, so that StopLogging naming a trail by name
     *       or by ARN yields the same id;</li>
     *   <li>the {@code eventSource} is {@code guardduty.amazonaws.com} and the value is the call's
     *       {@code requestParameters.detectorId}, or the envelope is a GuardDuty finding and the value is its
     *       {@code service.detectorId}: {@code arn:aws:guardduty:<region>:<account>:detector/<id>} (IP set and
     *       filter ids look the same, so only the detector id is turned);</li>
     *   <li>the {@code eventSource} is {@code config.amazonaws.com} and the value is the call's configuration
     *       recorder name: {@code arn:aws:config:<region>:<account>:config-recorder/<name>} (rule and delivery
     *       channel names are left alone);</li>
     *   <li>the {@code eventSource} is {@code s3.amazonaws.com} and the value is the call's
     *       {@code requestParameters.bucketName}: {@code arn:aws:s3:::<bucket>};</li>
     *   <li>the envelope is a Config compliance change or configuration item change and the value is its
     *       {@code resourceId}: the same id the summary lists for that resource (the four kinds above as ARNs, an
     *       account as {@code AWS::::Account:<id>}, anything else unchanged).</li>
     * </ul>
     */
    public String canonicalResource(Envelope envelope, String value) {
        if (value == null || value.isBlank() || value.startsWith("arn:")) {
            return value;
        }
        ObjectNode detail = envelope.detail();
        String region = envelope.region().isEmpty() ? orEmpty(text(detail, "awsRegion")) : envelope.region();
        String account = envelope.account();
        JsonNode request = detail.path("requestParameters");
        String eventSource = text(detail, "eventSource");
        if (eventSource != null) {
            switch (eventSource) {
                case "cloudtrail.amazonaws.com":
                    return arn("cloudtrail", region, account, "trail/", value);
                case "guardduty.amazonaws.com":
                    return value.equals(text(request, "detectorId"))
                            ? arn("guardduty", region, account, "detector/", value) : value;
                case "config.amazonaws.com":
                    return value.equals(text(request, "configurationRecorderName"))
                            || value.equals(text(request.path("configurationRecorder"), "name"))
                            ? arn("config", region, account, "config-recorder/", value) : value;
                case "s3.amazonaws.com":
                    return value.equals(text(request, "bucketName")) ? "arn:" + partition(region) + ":s3:::" + value
                            : value;
                default:
                    return value;
            }
        }
        switch (envelope.detailType()) {
            case GUARDDUTY_FINDING:
                return value.equals(text(detail.path("service"), "detectorId"))
                        ? arn("guardduty", orDefault(text(detail, "region"), region),
                                account(text(detail, "accountId"), account), "detector/", value)
                        : value;
            case CONFIG_COMPLIANCE_CHANGE: {
                JsonNode qualifier = detail.path("newEvaluationResult").path("evaluationResultIdentifier")
                        .path("evaluationResultQualifier");
                return value.equals(firstNonBlank(text(detail, "resourceId"), text(qualifier, "resourceId")))
                        ? configResource(envelope,
                                firstNonBlank(text(detail, "resourceType"), text(qualifier, "resourceType")), value,
                                text(detail, "awsRegion"), text(detail, "awsAccountId"))
                        : value;
            }
            case CONFIG_ITEM_CHANGE: {
                JsonNode item = configurationItem(detail);
                return value.equals(text(item, "resourceId"))
                        ? configResource(envelope, text(item, "resourceType"), value, text(item, "awsRegion"),
                                text(item, "awsAccountId"))
                        : value;
            }
            default:
                return value;
        }
    }

    private EvidenceSummary apiActivity(Envelope envelope) {
        ObjectNode detail = envelope.detail();
        String eventName = text(detail, "eventName");
        String errorCode = text(detail, "errorCode");
        if (errorCode != null && errorCode.isBlank()) {
            errorCode = null;
        }
        // A failed sign-in carries no errorCode, only responseElements: {"ConsoleLogin": "Failure"}.
        boolean failed = errorCode != null
                || eventName != null && "Failure".equalsIgnoreCase(text(detail.path("responseElements"), eventName));
        boolean signIn = CLOUDTRAIL_CONSOLE_SIGN_IN.equals(envelope.detailType())
                || "AwsConsoleSignIn".equals(text(detail, "eventType"));
        boolean readOnly = !signIn && Boolean.TRUE.equals(bool(detail.get("readOnly")));
        Resources resources = resources(envelope);
        for (JsonNode resource : detail.path("resources")) {
            resources.add(text(resource, "ARN"));
        }
        return new EvidenceSummary(API_ACTIVITY, "API Activity", eventName, failed ? FAILURE : SUCCESS, errorCode,
                readOnly, actor(detail), resources.list(), null, null, null, false);
    }

    private static Actor actor(ObjectNode detail) {
        JsonNode identity = detail.get("userIdentity");
        if (identity == null || !identity.isObject()) {
            return null;
        }
        String type = text(identity, "type");
        JsonNode sessionContext = identity.path("sessionContext");
        String name = firstNonBlank(text(identity, "userName"), text(sessionContext.path("sessionIssuer"), "userName"),
                text(identity, "invokedBy"));
        Boolean mfaUsed = yesNo(text(detail.path("additionalEventData"), "MFAUsed"));
        if (mfaUsed == null) {
            mfaUsed = bool(sessionContext.path("attributes").get("mfaAuthenticated"));
        }
        return new Actor(type, text(identity, "arn"), name, "Root".equals(type), mfaUsed);
    }

    private EvidenceSummary configCompliance(Envelope envelope) {
        ObjectNode detail = envelope.detail();
        JsonNode newResult = detail.path("newEvaluationResult");
        JsonNode qualifier = newResult.path("evaluationResultIdentifier").path("evaluationResultQualifier");
        String rule = firstNonBlank(text(detail, "configRuleName"), text(qualifier, "configRuleName"));
        Resources resources = resources(envelope);
        String resourceType = firstNonBlank(text(detail, "resourceType"), text(qualifier, "resourceType"));
        String resourceId = firstNonBlank(text(detail, "resourceId"), text(qualifier, "resourceId"));
        resources.add(configResource(envelope, resourceType, resourceId, text(detail, "awsRegion"),
                text(detail, "awsAccountId")));
        return new EvidenceSummary(COMPLIANCE_FINDING, "Compliance Finding", rule, UNKNOWN, null, false, null,
                resources.list(), null, null, text(newResult, "complianceType"), false);
    }

    private EvidenceSummary configItemChange(Envelope envelope) {
        ObjectNode detail = envelope.detail();
        JsonNode item = configurationItem(detail);
        String resourceType = text(item, "resourceType");
        String change = firstNonBlank(text(detail.path("configurationItemDiff"), "changeType"),
                text(item, "changeType"), text(item, "configurationItemStatus"));
        String operation = resourceType == null ? envelope.detailType()
                : change == null ? resourceType : resourceType + " " + change;
        Resources resources = resources(envelope);
        String arn = text(item, "ARN");
        resources.add(arn != null ? arn : configResource(envelope, resourceType, text(item, "resourceId"),
                text(item, "awsRegion"), text(item, "awsAccountId")));
        return new EvidenceSummary(OTHER, "Other", operation, UNKNOWN, null, false, null, resources.list(), null, null,
                null, false);
    }

    private EvidenceSummary guardDutyFinding(Envelope envelope) {
        ObjectNode detail = envelope.detail();
        String type = text(detail, "type");
        JsonNode service = detail.path("service");
        boolean sample = Boolean.TRUE.equals(bool(service.path("additionalInfo").get("sample")))
                || type != null && type.startsWith("Canary:")
                || Boolean.TRUE.equals(bool(service.get("archived")));
        String region = orDefault(text(detail, "region"), envelope.region());
        String account = account(text(detail, "accountId"), envelope.account());
        Resources resources = resources(envelope);
        JsonNode resource = detail.path("resource");
        resources.add(text(resource.path("instanceDetails"), "instanceId"));
        JsonNode accessKey = resource.path("accessKeyDetails");
        String userName = text(accessKey, "userName");
        if ("IAMUser".equals(text(accessKey, "userType")) && userName != null && !userName.isBlank()) {
            resources.add("arn:" + partition(region) + ":iam::" + account + ":user/" + userName);
        }
        for (JsonNode bucket : resource.path("s3BucketDetails")) {
            resources.add(text(bucket, "arn"));
        }
        resources.add(text(resource.path("eksClusterDetails"), "arn"));
        resources.add(text(resource.path("ecsClusterDetails"), "arn"));
        resources.add(text(resource.path("rdsDbInstanceDetails"), "dbInstanceArn"));
        resources.add(text(resource.path("lambdaDetails"), "functionArn"));
        JsonNode affected = service.path("action").path("awsApiCallAction").path("affectedResources");
        affected.properties().forEach(entry ->
                resources.add(configResource(envelope, entry.getKey(), text(entry.getValue()), region, account)));
        return new EvidenceSummary(DETECTION_FINDING, "Detection Finding", type, UNKNOWN, null, false, null,
                resources.list(), number(detail.get("severity")), type, null, sample);
    }

    private EvidenceSummary securityHubFinding(Envelope envelope) {
        JsonNode finding = envelope.detail().path("findings").path(0);
        JsonNode productFields = finding.path("ProductFields");
        JsonNode severityNode = finding.path("Severity");
        Double normalized = number(severityNode.get("Normalized"));
        if (normalized == null) {
            String label = text(severityNode, "Label");
            normalized = label == null ? null : SECURITY_HUB_LABELS.get(label.toUpperCase(Locale.ROOT));
        }
        Double severity = normalized == null ? null : normalized / 10.0;
        String findingType = firstNonBlank(text(finding.path("Types").path(0)), text(productFields, "Type"),
                text(productFields, "type"));
        JsonNode compliance = finding.path("Compliance");
        String operation = firstNonBlank(text(compliance, "SecurityControlId"), text(productFields, "ControlId"),
                findingType, text(finding, "GeneratorId"), envelope.detailType());
        boolean sample = "ARCHIVED".equals(text(finding, "RecordState"))
                || "SUPPRESSED".equals(text(finding.path("Workflow"), "Status"))
                || Boolean.TRUE.equals(bool(finding.get("Sample")))
                || Boolean.TRUE.equals(bool(productFields.get("aws/guardduty/service/additionalInfo/sample")))
                || Boolean.TRUE.equals(bool(productFields.get("aws/guardduty/service/archived")));
        Resources resources = resources(envelope);
        for (JsonNode resource : finding.path("Resources")) {
            resources.add(text(resource, "Id"));
        }
        return new EvidenceSummary(DETECTION_FINDING, "Detection Finding", operation, UNKNOWN, null, false, null,
                resources.list(), severity, findingType, text(compliance, "Status"), sample);
    }

    /** The item of a configuration item change, or its summary when the item was too large to send. */
    private static JsonNode configurationItem(ObjectNode detail) {
        return detail.has("configurationItem") ? detail.path("configurationItem")
                : detail.path("configurationItemSummary"); // OversizedConfigurationItemChangeNotification
    }

    /** A Config resource type and id as a resource identifier (see the class comment). */
    private static String configResource(Envelope envelope, String resourceType, String resourceId, String region,
            String account) {
        if (resourceId == null || resourceId.isBlank() || resourceId.startsWith("arn:")) {
            return resourceId;
        }
        String inRegion = orDefault(region, envelope.region());
        String ofAccount = account(account, envelope.account());
        if (resourceType == null) {
            return resourceId;
        }
        return switch (resourceType) {
            case "AWS::::Account" -> ACCOUNT_RESOURCE_PREFIX + resourceId;
            case "AWS::S3::Bucket" -> "arn:" + partition(inRegion) + ":s3:::" + resourceId;
            case "AWS::CloudTrail::Trail" -> arn("cloudtrail", inRegion, ofAccount, "trail/", resourceId);
            case "AWS::GuardDuty::Detector" -> arn("guardduty", inRegion, ofAccount, "detector/", resourceId);
            case "AWS::Config::ConfigurationRecorder" ->
                    arn("config", inRegion, ofAccount, "config-recorder/", resourceId);
            default -> resourceId;
        };
    }

    private static String arn(String service, String region, String account, String resourcePrefix, String name) {
        return "arn:" + partition(region) + ":" + service + ":" + region + ":" + account + ":" + resourcePrefix + name;
    }

    private static String partition(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        if (region.startsWith("us-gov-")) {
            return "aws-us-gov";
        }
        return "aws";
    }

    private static String account(String candidate, String fallback) {
        return candidate != null && ACCOUNT.matcher(candidate).matches() ? candidate : fallback;
    }

    private static Resources resources(Envelope envelope) {
        Resources resources = new Resources();
        envelope.resources().forEach(resources::add);
        return resources;
    }

    /** Keeps the first {@link #MAX_RESOURCES} distinct, plausible identifiers, in order. */
    private static final class Resources {
        private final Set<String> ids = new LinkedHashSet<>();

        void add(String id) {
            if (id != null && !id.isBlank() && id.length() <= MAX_RESOURCE_LENGTH && ids.size() < MAX_RESOURCES
                    && id.chars().noneMatch(Character::isISOControl)) {
                ids.add(id);
            }
        }

        List<String> list() {
            return List.copyOf(new ArrayList<>(ids));
        }
    }

    private static String text(JsonNode node, String field) {
        return node == null ? null : text(node.get(field));
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    /** A JSON boolean, or the string "true"/"false" in any case; null otherwise. */
    private static Boolean bool(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        String text = text(node);
        if ("true".equalsIgnoreCase(text)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(text)) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** CloudTrail's "Yes"/"No" (seen as "YES" too); null otherwise. */
    private static Boolean yesNo(String text) {
        if ("yes".equalsIgnoreCase(text)) {
            return Boolean.TRUE;
        }
        if ("no".equalsIgnoreCase(text)) {
            return Boolean.FALSE;
        }
        return null;
    }

    /** A finite JSON number, or a string holding one; null otherwise. */
    private static Double number(JsonNode node) {
        if (node == null) {
            return null;
        }
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isTextual()) {
            try {
                value = Double.parseDouble(node.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(value) ? value : null;
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
