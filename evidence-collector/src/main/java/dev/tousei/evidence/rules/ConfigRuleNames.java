package dev.tousei.evidence.rules;

/**
 * Whether the name of a rule deployed in an account is an instance of an AWS Config managed rule. Accounts rarely
 * use the bare name: Security Hub deploys {@code securityhub-<name>-<suffix>}, organisation rules are
 * {@code OrgConfigRule-<name>-<suffix>} and conformance packs {@code <name>-conformance-pack-<id>}.
 */
final class ConfigRuleNames {

    private ConfigRuleNames() {
    }

    static boolean matches(String deployedName, String managedName) {
        if (deployedName == null || managedName == null || managedName.isEmpty()) {
            return false;
        }
        String name = withoutPrefix(withoutPrefix(deployedName, "securityhub-"), "OrgConfigRule-");
        return name.equals(managedName) || name.startsWith(managedName + "-");
    }

    private static String withoutPrefix(String name, String prefix) {
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }
}
