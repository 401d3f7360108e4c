package dev.tousei.evidence.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Generates realistic EventBridge envelopes, shaped like the real ones in {@code /work/shared/samples}: CloudTrail API
 * calls (read-only Describe/List/Get, benign writes, and control-relevant calls such as StopLogging, StartLogging,
 * CreateAccessKey, AuthorizeSecurityGroupIngress 0.0.0.0/0, PutBucketPolicy), console sign-ins, Config compliance
 * changes and configuration item changes, and GuardDuty findings of every severity band. Every envelope has a fresh
 * id, and every CloudTrail record a fresh eventID, so none is a duplicate of another unless asked for.
 *
 * <p>{@code controlFraction} of the events are drawn from the "control-relevant" templates: calls that tamper with
 * logging, credentials or exposure, root or failed sign-ins, compliance changes of AWS Config rules the catalog maps to
 * a control, and high/critical findings. With the shipped catalog (whose evidence rules may still be empty) only the
 * mapped Config rules are certain to produce control effects; the driver reports how many rows actually got one.
 * {@code invalidFraction} are broken in ways the validator must dead-letter.
 */
public final class EnvelopeMix {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One generated record: key (the account), value bytes and what it is. */
    public record Generated(String key, byte[] value, String kind, boolean invalid) {
    }

    private static final String[] REGIONS = {"ap-northeast-1", "ap-northeast-1", "ap-northeast-1", "ap-northeast-1",
        "ap-northeast-1", "ap-northeast-1", "ap-northeast-1", "ap-northeast-3", "ap-northeast-3", "us-east-1"};
    private static final String[] USERS = {"tanaka.h", "suzuki.k", "sato.y", "ito.m", "watanabe.r", "ci-deployer",
        "soc-readonly", "terraform"};
    private static final String[] ROLES = {"AWSReservedSSO_AdministratorAccess_3f2a", "AWSReservedSSO_ReadOnly_98c1",
        "OrganizationAccountAccessRole", "soc-automation", "github-actions-deploy", "AWSServiceRoleForConfig"};
    private static final String[] AGENTS = {"aws-cli/2.17.20 Python/3.11.9 Linux/6.1.0 exe/x86_64.debian.12",
        "Boto3/1.34.144 md/Botocore#1.34.144 ua/2.0 os/linux#6.1.0 lang/python#3.12.4",
        "aws-sdk-java/2.25.60 Linux/5.10.219 OpenJDK_64-Bit_Server_VM/17.0.11",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
        "config.amazonaws.com", "Terraform/1.8.5 (+https://www.terraform.io) terraform-provider-aws/5.58.0"};
    private static final String[][] READ_ONLY = {
        {"ec2.amazonaws.com", "DescribeInstances"}, {"ec2.amazonaws.com", "DescribeSecurityGroups"},
        {"ec2.amazonaws.com", "DescribeVolumes"}, {"s3.amazonaws.com", "ListBuckets"},
        {"s3.amazonaws.com", "GetBucketAcl"}, {"iam.amazonaws.com", "GetUser"}, {"iam.amazonaws.com", "ListRoles"},
        {"cloudtrail.amazonaws.com", "DescribeTrails"}, {"cloudtrail.amazonaws.com", "GetTrailStatus"},
        {"sts.amazonaws.com", "GetCallerIdentity"}, {"kms.amazonaws.com", "DescribeKey"},
        {"config.amazonaws.com", "DescribeConfigRules"}, {"guardduty.amazonaws.com", "ListDetectors"}};
    private static final String[][] BENIGN_WRITES = {
        {"ec2.amazonaws.com", "CreateTags"}, {"ssm.amazonaws.com", "PutParameter"},
        {"lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2"}, {"logs.amazonaws.com", "CreateLogStream"},
        {"ec2.amazonaws.com", "StartInstances"}, {"sts.amazonaws.com", "AssumeRole"}};
    private static final String[] UNMAPPED_CONFIG_RULES = {"custom-required-tags", "custom-approved-amis-by-tag",
        "org-desired-instance-type", "custom-lambda-runtime-check"};
    private static final String[] FALLBACK_MAPPED_RULES = {"restricted-ssh", "s3-bucket-public-read-prohibited",
        "encrypted-volumes", "iam-policy-no-statements-with-admin-access", "cloud-trail-encryption-enabled",
        "ec2-ebs-encryption-by-default", "s3-bucket-logging-enabled", "rds-storage-encrypted"};
    private static final String[] LOW_FINDINGS = {"Recon:EC2/PortProbeUnprotectedPort", "Recon:IAMUser/MaliciousIPCaller",
        "Policy:S3/BucketBlockPublicAccessDisabled", "UnauthorizedAccess:EC2/SSHBruteForce",
        "Discovery:S3/MaliciousIPCaller"};
    private static final String[] HIGH_FINDINGS = {"Backdoor:EC2/C&CActivity.B!DNS", "CryptoCurrency:EC2/BitcoinTool.B",
        "PrivilegeEscalation:IAMUser/AdministrativePermissions", "UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS",
        "Exfiltration:S3/AnomalousBehavior", "Impact:EC2/AbusedDomainRequest.Reputation"};

    private final SplittableRandom random;
    private final List<String> accounts;
    private final double controlFraction;
    private final double invalidFraction;
    private final List<String> mappedConfigRules;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Map<String, Integer> kinds = new LinkedHashMap<>();

    public EnvelopeMix(long seed, int accountCount, double controlFraction, double invalidFraction, Path catalogDirectory) {
        this.random = new SplittableRandom(seed);
        this.controlFraction = controlFraction;
        this.invalidFraction = invalidFraction;
        TreeSet<String> ids = new TreeSet<>();
        while (ids.size() < accountCount) {
            ids.add(String.valueOf(100_000_000_000L + random.nextLong(899_999_999_999L)));
        }
        this.accounts = List.copyOf(ids);
        this.mappedConfigRules = mappedConfigRules(catalogDirectory);
    }

    public List<String> accounts() {
        return accounts;
    }

    public Map<String, Integer> kinds() {
        return kinds;
    }

    int mappedConfigRuleCount() {
        return mappedConfigRules.size();
    }

    public Generated next() {
        String account = accounts.get(random.nextInt(accounts.size()));
        if (random.nextDouble() < invalidFraction) {
            return invalid(account);
        }
        ObjectNode envelope;
        String kind;
        if (random.nextDouble() < controlFraction) {
            int pick = random.nextInt(100);
            if (pick < 12) {
                kind = "ct-stop/start-logging";
                envelope = logging(account);
            } else if (pick < 27) {
                kind = "ct-iam-credentials";
                envelope = iamChange(account);
            } else if (pick < 37) {
                kind = "ct-sg-open-22";
                envelope = openSsh(account);
            } else if (pick < 45) {
                kind = "ct-s3-public-policy";
                envelope = publicBucket(account);
            } else if (pick < 50) {
                kind = "ct-detector/recorder-off";
                envelope = detectionOff(account);
            } else if (pick < 58) {
                kind = "signin-root/failure";
                envelope = signIn(account, true);
            } else if (pick < 88) {
                kind = "config-mapped-rule";
                envelope = compliance(account, pickOf(mappedConfigRules));
            } else {
                kind = "gd-high/critical";
                envelope = guardDuty(account, true);
            }
        } else {
            int pick = random.nextInt(100);
            if (pick < 45) {
                kind = "ct-read-only";
                envelope = readOnly(account);
            } else if (pick < 60) {
                kind = "ct-benign-write";
                envelope = benignWrite(account);
            } else if (pick < 72) {
                kind = "signin-iam-mfa";
                envelope = signIn(account, false);
            } else if (pick < 82) {
                kind = "config-unmapped-rule";
                envelope = compliance(account, pickOf(UNMAPPED_CONFIG_RULES) + "-" + hex(6));
            } else if (pick < 88) {
                kind = "config-item-change";
                envelope = configItem(account);
            } else {
                kind = "gd-low/medium";
                envelope = guardDuty(account, false);
            }
        }
        kinds.merge(kind, 1, Integer::sum);
        return new Generated(account, bytes(envelope), kind, false);
    }

    // ------------------------------------------------------------------------------------------------- CloudTrail

    private ObjectNode readOnly(String account) {
        String[] call = pickOf(READ_ONLY);
        ObjectNode parameters = JSON.createObjectNode();
        switch (call[1]) {
            case "DescribeInstances" -> parameters.putObject("instancesSet").putArray("items").addObject()
                    .put("instanceId", "i-0" + hex(16));
            case "DescribeSecurityGroups" -> parameters.putObject("securityGroupIdSet").putArray("items").addObject()
                    .put("groupId", "sg-0" + hex(16));
            case "GetBucketAcl" -> parameters.put("bucketName", "bank-" + account + "-logs").putObject("acl");
            case "GetUser" -> parameters.put("userName", pickOf(USERS));
            case "DescribeTrails" -> parameters.putArray("trailNameList");
            case "GetTrailStatus" -> parameters.put("name", "arn:aws:cloudtrail:ap-northeast-1:" + account
                    + ":trail/org-trail");
            case "DescribeKey" -> parameters.put("keyId", "alias/aws/s3");
            default -> parameters.put("maxResults", 100);
        }
        ObjectNode detail = cloudTrail(account, call[0], call[1], parameters, assumedRole(account), null, true);
        return envelope(account, "AWS API Call via CloudTrail", source(call[0]), detail);
    }

    private ObjectNode benignWrite(String account) {
        String[] call = pickOf(BENIGN_WRITES);
        ObjectNode parameters = JSON.createObjectNode();
        switch (call[1]) {
            case "CreateTags" -> {
                parameters.putObject("resourcesSet").putArray("items").addObject().put("resourceId", "i-0" + hex(16));
                parameters.putObject("tagSet").putArray("items").addObject().put("key", "CostCenter")
                        .put("value", "CC-" + random.nextInt(1000, 9999));
            }
            case "PutParameter" -> parameters.put("name", "/app/batch/threshold").put("type", "String")
                    .put("overwrite", true);
            case "AssumeRole" -> parameters.put("roleArn", "arn:aws:iam::" + account + ":role/" + pickOf(ROLES))
                    .put("roleSessionName", "session-" + hex(8)).put("durationSeconds", 3600);
            default -> parameters.put("functionName", "arn:aws:lambda:ap-northeast-1:" + account
                    + ":function:settlement-batch");
        }
        String error = random.nextInt(20) == 0 ? "AccessDenied" : null;
        ObjectNode detail = cloudTrail(account, call[0], call[1], parameters, assumedRole(account), error, false);
        return envelope(account, "AWS API Call via CloudTrail", source(call[0]), detail);
    }

    private ObjectNode logging(String account) {
        String region = region();
        String trail = random.nextBoolean() ? "org-trail"
                : "arn:aws:cloudtrail:" + region + ":" + account + ":trail/org-trail";
        String name = switch (random.nextInt(10)) {
            case 0, 1, 2, 3, 4 -> "StopLogging";
            case 5, 6, 7 -> "StartLogging";
            case 8 -> "UpdateTrail";
            default -> "DeleteTrail";
        };
        ObjectNode parameters = JSON.createObjectNode().put("name", trail);
        if ("UpdateTrail".equals(name)) {
            parameters.put("isMultiRegionTrail", false).put("enableLogFileValidation", false);
        }
        ObjectNode detail = cloudTrail(account, "cloudtrail.amazonaws.com", name, parameters, iamUser(account),
                failedAttempt(), false);
        detail.put("awsRegion", region);
        if (!"DeleteTrail".equals(name) && detail.get("errorCode") == null) {
            detail.putNull("responseElements");
        }
        ObjectNode envelope = envelope(account, "AWS API Call via CloudTrail", "aws.cloudtrail", detail);
        envelope.put("region", region);
        return envelope;
    }

    private ObjectNode iamChange(String account) {
        String user = "svc-" + hex(5);
        String name = switch (random.nextInt(6)) {
            case 0, 1, 2 -> "CreateAccessKey";
            case 3 -> "CreateUser";
            case 4 -> "AttachUserPolicy";
            default -> "DeactivateMFADevice";
        };
        ObjectNode parameters = JSON.createObjectNode().put("userName", user);
        if ("AttachUserPolicy".equals(name)) {
            parameters.put("policyArn", "arn:aws:iam::aws:policy/AdministratorAccess");
        } else if ("DeactivateMFADevice".equals(name)) {
            parameters.put("serialNumber", "arn:aws:iam::" + account + ":mfa/" + user);
        }
        String error = failedAttempt();
        ObjectNode detail = cloudTrail(account, "iam.amazonaws.com", name, parameters, iamUser(account), error, false);
        detail.put("awsRegion", "us-east-1");
        if (error == null && "CreateAccessKey".equals(name)) {
            ObjectNode key = detail.putObject("responseElements").putObject("accessKey");
            key.put("accessKeyId", "AKIA" + hex(16).toUpperCase());
            key.put("createDate", "Jul 30, 2024 9:53:13 PM");
            key.put("status", "Active");
            key.put("userName", user);
        }
        ObjectNode envelope = envelope(account, "AWS API Call via CloudTrail", "aws.iam", detail);
        envelope.put("region", "us-east-1");
        return envelope;
    }

    private ObjectNode openSsh(String account) {
        String group = "sg-0" + hex(16);
        ObjectNode parameters = JSON.createObjectNode().put("groupId", group);
        ObjectNode permission = parameters.putObject("ipPermissions").putArray("items").addObject();
        permission.put("ipProtocol", "tcp").put("fromPort", 22).put("toPort", 22);
        permission.putObject("ipRanges").putArray("items").addObject().put("cidrIp", "0.0.0.0/0");
        ObjectNode detail = cloudTrail(account, "ec2.amazonaws.com", "AuthorizeSecurityGroupIngress", parameters,
                assumedRole(account), failedAttempt(), false);
        ObjectNode response = detail.putObject("responseElements");
        response.put("requestId", uuid()).put("_return", true);
        return envelope(account, "AWS API Call via CloudTrail", "aws.ec2", detail);
    }

    private ObjectNode publicBucket(String account) {
        String bucket = "bank-" + account + "-export-" + hex(4);
        ObjectNode parameters = JSON.createObjectNode().put("bucketName", bucket).put("Host", bucket
                + ".s3.ap-northeast-1.amazonaws.com");
        String name = random.nextBoolean() ? "PutBucketPolicy" : "DeleteBucketPublicAccessBlock";
        if ("PutBucketPolicy".equals(name)) {
            ObjectNode policy = parameters.putObject("bucketPolicy");
            policy.put("Version", "2012-10-17");
            ObjectNode statement = policy.putArray("Statement").addObject();
            statement.put("Effect", "Allow").put("Principal", "*").put("Action", "s3:GetObject")
                    .put("Resource", "arn:aws:s3:::" + bucket + "/*");
            parameters.putArray("policy").add("");
        } else {
            parameters.putArray("publicAccessBlock").add("");
        }
        ObjectNode detail = cloudTrail(account, "s3.amazonaws.com", name, parameters, iamUser(account),
                failedAttempt(), false);
        detail.putArray("resources").addObject().put("accountId", account).put("type", "AWS::S3::Bucket")
                .put("ARN", "arn:aws:s3:::" + bucket);
        return envelope(account, "AWS API Call via CloudTrail", "aws.s3", detail);
    }

    private ObjectNode detectionOff(String account) {
        ObjectNode detail;
        if (random.nextBoolean()) {
            ObjectNode parameters = JSON.createObjectNode().put("detectorId", hex(32));
            String name = random.nextBoolean() ? "DeleteDetector" : "UpdateDetector";
            if ("UpdateDetector".equals(name)) {
                parameters.put("enable", false);
            }
            detail = cloudTrail(account, "guardduty.amazonaws.com", name, parameters, iamUser(account),
                    failedAttempt(), false);
            return envelope(account, "AWS API Call via CloudTrail", "aws.guardduty", detail);
        }
        ObjectNode parameters = JSON.createObjectNode().put("configurationRecorderName", "default");
        detail = cloudTrail(account, "config.amazonaws.com", "StopConfigurationRecorder", parameters, iamUser(account),
                failedAttempt(), false);
        return envelope(account, "AWS API Call via CloudTrail", "aws.config", detail);
    }

    private ObjectNode cloudTrail(String account, String eventSource, String eventName, ObjectNode parameters,
                                  ObjectNode identity, String errorCode, boolean readOnly) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("eventVersion", "1.09");
        detail.set("userIdentity", identity);
        detail.put("eventTime", time());
        detail.put("eventSource", eventSource);
        detail.put("eventName", eventName);
        detail.put("awsRegion", region());
        detail.put("sourceIPAddress", ip());
        detail.put("userAgent", pickOf(AGENTS));
        if (errorCode != null) {
            detail.put("errorCode", errorCode);
            detail.put("errorMessage", "User: " + identity.path("arn").asText() + " is not authorized to perform: "
                    + eventSource.replace(".amazonaws.com", "") + ":" + eventName
                    + " because no identity-based policy allows the action");
        }
        detail.set("requestParameters", parameters);
        detail.putNull("responseElements");
        detail.put("requestID", uuid());
        detail.put("eventID", uuid());
        detail.put("readOnly", readOnly);
        detail.put("eventType", "AwsApiCall");
        detail.put("managementEvent", true);
        detail.put("recipientAccountId", account);
        detail.put("eventCategory", "Management");
        ObjectNode tls = detail.putObject("tlsDetails");
        tls.put("tlsVersion", "TLSv1.3").put("cipherSuite", "TLS_AES_128_GCM_SHA256")
                .put("clientProvidedHostHeader", eventSource);
        return detail;
    }

    private ObjectNode iamUser(String account) {
        String user = pickOf(USERS);
        ObjectNode identity = JSON.createObjectNode();
        identity.put("type", "IAMUser");
        identity.put("principalId", "AIDA" + hex(17).toUpperCase());
        identity.put("arn", "arn:aws:iam::" + account + ":user/" + user);
        identity.put("accountId", account);
        identity.put("accessKeyId", "AKIA" + hex(16).toUpperCase());
        identity.put("userName", user);
        return identity;
    }

    private ObjectNode assumedRole(String account) {
        String role = pickOf(ROLES);
        String session = pickOf(USERS);
        String roleId = "AROA" + hex(17).toUpperCase();
        ObjectNode identity = JSON.createObjectNode();
        identity.put("type", "AssumedRole");
        identity.put("principalId", roleId + ":" + session);
        identity.put("arn", "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session);
        identity.put("accountId", account);
        identity.put("accessKeyId", "ASIA" + hex(16).toUpperCase());
        ObjectNode context = identity.putObject("sessionContext");
        ObjectNode issuer = context.putObject("sessionIssuer");
        issuer.put("type", "Role").put("principalId", roleId).put("arn", "arn:aws:iam::" + account + ":role/" + role)
                .put("accountId", account).put("userName", role);
        context.putObject("attributes").put("creationDate", time()).put("mfaAuthenticated", random.nextBoolean()
                ? "true" : "false");
        return identity;
    }

    // ------------------------------------------------------------------------------------------------- sign-ins

    private ObjectNode signIn(String account, boolean risky) {
        boolean root = risky && random.nextBoolean();
        boolean mfa = !risky || random.nextInt(3) == 0;
        boolean success = !risky || root || random.nextBoolean();
        ObjectNode identity = JSON.createObjectNode();
        if (root) {
            identity.put("type", "Root").put("principalId", account).put("arn", "arn:aws:iam::" + account + ":root")
                    .put("accountId", account);
        } else {
            String user = pickOf(USERS);
            identity.put("type", "IAMUser").put("principalId", "AIDA" + hex(17).toUpperCase())
                    .put("arn", "arn:aws:iam::" + account + ":user/" + user).put("accountId", account)
                    .put("userName", user);
        }
        ObjectNode detail = JSON.createObjectNode();
        detail.put("eventVersion", "1.08");
        detail.set("userIdentity", identity);
        detail.put("eventTime", time());
        detail.put("eventSource", "signin.amazonaws.com");
        detail.put("eventName", "ConsoleLogin");
        detail.put("awsRegion", "us-east-1");
        detail.put("sourceIPAddress", ip());
        detail.put("userAgent", AGENTS[3]);
        if (!success) {
            detail.put("errorMessage", "Failed authentication");
        }
        detail.putNull("requestParameters");
        detail.putObject("responseElements").put("ConsoleLogin", success ? "Success" : "Failure");
        ObjectNode additional = detail.putObject("additionalEventData");
        additional.put("LoginTo", "https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true");
        additional.put("MobileVersion", "No");
        additional.put("MFAUsed", mfa ? "Yes" : "No");
        detail.put("eventID", uuid());
        detail.put("readOnly", false);
        detail.put("eventType", "AwsConsoleSignIn");
        detail.put("managementEvent", true);
        detail.put("recipientAccountId", account);
        detail.put("eventCategory", "Management");
        ObjectNode envelope = envelope(account, "AWS Console Sign In via CloudTrail", "aws.signin", detail);
        envelope.put("region", "us-east-1");
        return envelope;
    }

    // --------------------------------------------------------------------------------------------------- Config

    private ObjectNode compliance(String account, String ruleName) {
        String deployed = switch (random.nextInt(4)) {
            case 0 -> "securityhub-" + ruleName + "-" + hex(8);
            case 1 -> ruleName + "-conformance-pack-" + hex(8);
            default -> ruleName;
        };
        String region = region();
        String[] resource = configResource(account, ruleName);
        String compliance = random.nextInt(3) == 0 ? "COMPLIANT" : "NON_COMPLIANT";
        ObjectNode detail = JSON.createObjectNode();
        detail.put("resourceId", resource[1]);
        detail.put("awsRegion", region);
        detail.put("awsAccountId", account);
        detail.put("configRuleName", deployed);
        detail.put("recordVersion", "1.0");
        detail.put("configRuleARN", "arn:aws:config:" + region + ":" + account + ":config-rule/config-rule-" + hex(6));
        detail.put("messageType", "ComplianceChangeNotification");
        detail.set("newEvaluationResult", evaluation(deployed, resource, compliance));
        detail.set("oldEvaluationResult", evaluation(deployed, resource,
                "COMPLIANT".equals(compliance) ? "NON_COMPLIANT" : "COMPLIANT"));
        detail.put("notificationCreationTime", isoMillis());
        detail.put("resourceType", resource[0]);
        ObjectNode envelope = envelope(account, "Config Rules Compliance Change", "aws.config", detail);
        envelope.put("region", region);
        return envelope;
    }

    private ObjectNode evaluation(String rule, String[] resource, String compliance) {
        ObjectNode result = JSON.createObjectNode();
        ObjectNode identifier = result.putObject("evaluationResultIdentifier");
        identifier.putObject("evaluationResultQualifier").put("configRuleName", rule).put("resourceType", resource[0])
                .put("resourceId", resource[1]);
        identifier.put("orderingTimestamp", isoMillis());
        result.put("complianceType", compliance);
        result.put("resultRecordedTime", isoMillis());
        result.put("configRuleInvokedTime", isoMillis());
        result.putNull("annotation");
        result.putNull("resultToken");
        return result;
    }

    private String[] configResource(String account, String rule) {
        if (rule.startsWith("s3-")) {
            return new String[] {"AWS::S3::Bucket", "bank-" + account + "-" + hex(4)};
        }
        if (rule.contains("ssh") || rule.contains("ports") || rule.contains("security-group")) {
            return new String[] {"AWS::EC2::SecurityGroup", "sg-0" + hex(16)};
        }
        if (rule.startsWith("iam-")) {
            return new String[] {"AWS::IAM::Policy", "ANPA" + hex(17).toUpperCase()};
        }
        if (rule.contains("cloud-trail") || rule.startsWith("cloudtrail")) {
            return random.nextBoolean() ? new String[] {"AWS::::Account", account}
                    : new String[] {"AWS::CloudTrail::Trail", "org-trail"};
        }
        if (rule.startsWith("rds-")) {
            return new String[] {"AWS::RDS::DBInstance", "db-" + hex(26).toUpperCase()};
        }
        if (rule.contains("volume") || rule.contains("ebs")) {
            return new String[] {"AWS::EC2::Volume", "vol-0" + hex(16)};
        }
        return new String[] {"AWS::EC2::Instance", "i-0" + hex(16)};
    }

    private ObjectNode configItem(String account) {
        String region = region();
        String group = "sg-0" + hex(16);
        ObjectNode detail = JSON.createObjectNode();
        ObjectNode diff = detail.putObject("configurationItemDiff");
        diff.put("changeType", random.nextBoolean() ? "UPDATE" : "CREATE");
        diff.putObject("changedProperties").putObject("Configuration.IpPermissions.0").put("changeType", "CREATE")
                .putNull("previousValue").putObject("updatedValue").put("ipProtocol", "tcp").put("fromPort", 443)
                .put("toPort", 443);
        ObjectNode item = detail.putObject("configurationItem");
        item.putArray("relatedEvents").add(uuid());
        item.putArray("relationships").addObject().put("resourceId", "vpc-0" + hex(16))
                .put("resourceType", "AWS::EC2::VPC").put("name", "Is contained in Vpc");
        ObjectNode configuration = item.putObject("configuration");
        configuration.put("description", "app tier").put("groupName", "app-" + hex(4)).put("ownerId", account)
                .put("groupId", group).put("vpcId", "vpc-0" + hex(16));
        configuration.putArray("ipPermissions").addObject().put("ipProtocol", "tcp").put("fromPort", 443)
                .put("toPort", 443).putArray("ipRanges").addObject().put("cidrIp", "10.0.0.0/16");
        item.putObject("supplementaryConfiguration");
        item.putObject("tags").put("Name", "app-sg");
        item.put("configurationItemVersion", "1.3");
        item.put("configurationItemCaptureTime", isoMillis());
        item.put("configurationStateId", random.nextLong(1_000_000_000_000L, 9_999_999_999_999L));
        item.put("awsAccountId", account);
        item.put("configurationItemStatus", "OK");
        item.put("resourceType", "AWS::EC2::SecurityGroup");
        item.put("resourceId", group);
        item.put("ARN", "arn:aws:ec2:" + region + ":" + account + ":security-group/" + group);
        item.put("awsRegion", region);
        item.put("configurationStateMd5Hash", "");
        detail.put("notificationCreationTime", isoMillis());
        detail.put("messageType", "ConfigurationItemChangeNotification");
        detail.put("recordVersion", "1.3");
        ObjectNode envelope = envelope(account, "Config Configuration Item Change", "aws.config", detail);
        envelope.put("region", region);
        envelope.withArray("resources").add("arn:aws:ec2:" + region + ":" + account + ":security-group/" + group);
        return envelope;
    }

    // ------------------------------------------------------------------------------------------------- GuardDuty

    private ObjectNode guardDuty(String account, boolean high) {
        String region = region();
        double severity;
        String type;
        if (high) {
            severity = random.nextInt(3) == 0 ? round(9.0 + random.nextDouble() * 1.0) : round(7.0 + random.nextDouble() * 1.9);
            type = pickOf(HIGH_FINDINGS);
        } else {
            severity = random.nextBoolean() ? round(1.0 + random.nextDouble() * 2.9) : round(4.0 + random.nextDouble() * 2.9);
            type = pickOf(LOW_FINDINGS);
        }
        boolean sample = random.nextInt(high ? 20 : 8) == 0;
        String detector = hex(32);
        String findingId = hex(32);
        ObjectNode detail = JSON.createObjectNode();
        detail.put("schemaVersion", "2.0");
        detail.put("accountId", account);
        detail.put("region", region);
        detail.put("partition", "aws");
        detail.put("id", findingId);
        detail.put("arn", "arn:aws:guardduty:" + region + ":" + account + ":detector/" + detector + "/finding/" + findingId);
        detail.put("type", type);
        ObjectNode resource = detail.putObject("resource");
        if (type.contains("IAMUser") || type.contains(":S3/")) {
            resource.put("resourceType", "AccessKey");
            ObjectNode key = resource.putObject("accessKeyDetails");
            key.put("accessKeyId", "ASIA" + hex(16).toUpperCase()).put("principalId", "AIDA" + hex(17).toUpperCase())
                    .put("userName", pickOf(USERS)).put("userType", "IAMUser");
        } else {
            resource.put("resourceType", "Instance");
            ObjectNode instance = resource.putObject("instanceDetails");
            instance.put("instanceId", "i-0" + hex(16)).put("instanceType", "m6i.large")
                    .put("availabilityZone", region + "a").put("imageId", "ami-0" + hex(16))
                    .put("instanceState", "running");
            instance.putArray("networkInterfaces").addObject().put("privateIpAddress", "10.0." + random.nextInt(256)
                    + "." + random.nextInt(256)).put("subnetId", "subnet-0" + hex(16)).put("vpcId", "vpc-0" + hex(16));
        }
        ObjectNode service = detail.putObject("service");
        service.put("serviceName", "guardduty");
        service.put("detectorId", detector);
        ObjectNode action = service.putObject("action");
        action.put("actionType", "NETWORK_CONNECTION");
        ObjectNode connection = action.putObject("networkConnectionAction");
        connection.put("connectionDirection", "INBOUND").put("protocol", "TCP").put("blocked", false);
        connection.putObject("remoteIpDetails").put("ipAddressV4", ip()).putObject("country").put("countryName",
                "Unknown");
        connection.putObject("localPortDetails").put("port", 22).put("portName", "SSH");
        service.put("resourceRole", "TARGET");
        ObjectNode info = service.putObject("additionalInfo");
        if (sample) {
            info.put("sample", true);
        }
        service.put("eventFirstSeen", time());
        service.put("eventLastSeen", time());
        service.put("archived", false);
        service.put("count", random.nextInt(1, 40));
        detail.put("severity", severity);
        detail.put("createdAt", isoMillis());
        detail.put("updatedAt", isoMillis());
        detail.put("title", type + " finding in " + account);
        detail.put("description", "GuardDuty observed activity matching " + type + ".");
        ObjectNode envelope = envelope(account, "GuardDuty Finding", "aws.guardduty", detail);
        envelope.put("region", region);
        return envelope;
    }

    // ---------------------------------------------------------------------------------------------------- invalid

    private Generated invalid(String account) {
        ObjectNode envelope = readOnly(account);
        String kind;
        byte[] value;
        switch (random.nextInt(6)) {
            case 0 -> {
                kind = "invalid-not-json";
                String text = envelope.toString();
                value = text.substring(0, text.length() / 2).getBytes(StandardCharsets.UTF_8);
            }
            case 1 -> {
                kind = "invalid-version";
                envelope.put("version", "1");
                value = bytes(envelope);
            }
            case 2 -> {
                kind = "invalid-account";
                envelope.put("account", account.substring(0, 5));
                value = bytes(envelope);
            }
            case 3 -> {
                kind = "invalid-time-1970";
                envelope.put("time", "1970-01-01T00:00:00Z");
                value = bytes(envelope);
            }
            case 4 -> {
                kind = "invalid-missing-detail";
                envelope.remove("detail");
                value = bytes(envelope);
            }
            default -> {
                kind = "invalid-detail-string";
                envelope.put("detail", envelope.get("detail").toString());
                value = bytes(envelope);
            }
        }
        kinds.merge(kind, 1, Integer::sum);
        return new Generated(account, value, kind, true);
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    private ObjectNode envelope(String account, String detailType, String source, ObjectNode detail) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", uuid());
        envelope.put("detail-type", detailType);
        envelope.put("source", source);
        envelope.put("account", account);
        envelope.put("time", detail.has("eventTime") ? detail.get("eventTime").asText() : time());
        envelope.put("region", detail.has("awsRegion") ? detail.get("awsRegion").asText() : region());
        envelope.putArray("resources");
        envelope.set("detail", detail);
        return envelope;
    }

    private static String source(String eventSource) {
        return "aws." + eventSource.replace(".amazonaws.com", "");
    }

    /** Some attempts fail (AccessDenied): they are news but change no control's state. */
    private String failedAttempt() {
        return random.nextInt(10) == 0 ? "AccessDenied" : null;
    }

    private static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Within the last six hours, whole seconds, as EventBridge writes it. */
    private String time() {
        return now.minusSeconds(random.nextInt(6 * 3600)).toString();
    }

    private String isoMillis() {
        return now.minusMillis(random.nextLong(6 * 3600_000L)).toString();
    }

    private String region() {
        return pickOf(REGIONS);
    }

    private String ip() {
        return (random.nextInt(200) + 11) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + random.nextInt(1, 255);
    }

    private String uuid() {
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    private String hex(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(Character.forDigit(random.nextInt(16), 16));
        }
        return text.toString();
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private <T> T pickOf(T[] options) {
        return options[random.nextInt(options.length)];
    }

    private <T> T pickOf(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** The AWS Config managed rules the shipped catalog maps to a control (compliance changes of them are effects). */
    private static List<String> mappedConfigRules(Path catalogDirectory) {
        List<String> names = new ArrayList<>();
        try {
            JsonNode mappings = JSON.readTree(Files.readAllBytes(catalogDirectory.resolve("mappings/wa-config-rules.json")));
            for (JsonNode mapping : mappings.path("mappings")) {
                if ("CONTROL".equals(mapping.at("/source/kind").asText())
                        && "AWS_CONFIG_RULE".equals(mapping.at("/target/kind").asText())) {
                    String name = mapping.at("/target/name").asText();
                    if (!names.contains(name)) {
                        names.add(name);
                    }
                }
            }
        } catch (IOException e) {
            // fall through to the fixed list
        }
        if (names.isEmpty()) {
            names.addAll(List.of(FALLBACK_MAPPED_RULES));
        }
        return names;
    }

    /** For ad-hoc inspection: prints a few generated envelopes. */
    public static void main(String[] args) throws Exception {
        EnvelopeMix mix = new EnvelopeMix(42, 5, 0.3, 0.05, Path.of("..", "catalog-service", "src", "main", "resources",
                "catalog"));
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            Generated generated = mix.next();
            bytes += generated.value().length;
            if (count <= 20) {
                System.out.println(generated.kind() + " " + new String(generated.value(), StandardCharsets.UTF_8));
            }
        }
        System.out.println("mean size " + bytes / count + " B, kinds " + mix.kinds() + ", mapped config rules "
                + mix.mappedConfigRuleCount());
    }
}
