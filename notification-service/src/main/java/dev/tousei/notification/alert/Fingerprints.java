package dev.tousei.notification.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** How alerts are told apart: one per control, account and resource, or one per finding. */
public final class Fingerprints {

    /** Longer keys (very long resource ARNs) are replaced by their SHA-256, keeping the prefix readable. */
    static final int MAX_LENGTH = 500;
    public static final String ANY_RESOURCE = "*";

    private Fingerprints() {
    }

    public static String control(String accountId, String controlId, String resourceId) {
        String resource = resourceId == null || resourceId.isBlank() ? ANY_RESOURCE : resourceId;
        return bounded("control:" + accountId + "/" + controlId + "/", resource);
    }

    /** The prefix of every control fingerprint of one control in one account. */
    public static String controlPrefix(String accountId, String controlId) {
        return "control:" + accountId + "/" + controlId + "/";
    }

    public static String finding(String findingId) {
        return bounded("finding:", findingId);
    }

    /**
     * evidence-recorded carries no finding id (GuardDuty's {@code detail.id}), so a finding is identified the way
     * GuardDuty aggregates repeats: account, region, finding type and the affected resource.
     */
    public static String findingId(String accountId, String region, String findingType, String resourceId) {
        return accountId + "/" + (region == null ? "-" : region) + "/" + findingType + "/"
                + (resourceId == null || resourceId.isBlank() ? ANY_RESOURCE : resourceId);
    }

    private static String bounded(String prefix, String id) {
        String fingerprint = prefix + id;
        if (fingerprint.length() <= MAX_LENGTH) {
            return fingerprint;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return prefix + "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
