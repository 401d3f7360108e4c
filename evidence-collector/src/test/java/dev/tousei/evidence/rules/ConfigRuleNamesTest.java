package dev.tousei.evidence.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigRuleNamesTest {

    @Test
    void deployedVariantsOfAManagedRuleMatchAndOtherRulesDoNot() {
        assertThat(ConfigRuleNames.matches("cloudtrail-enabled", "cloudtrail-enabled")).isTrue();
        assertThat(ConfigRuleNames.matches("securityhub-cloudtrail-enabled-a1b2c3", "cloudtrail-enabled")).isTrue();
        assertThat(ConfigRuleNames.matches("OrgConfigRule-cloudtrail-enabled-x9", "cloudtrail-enabled")).isTrue();
        assertThat(ConfigRuleNames.matches("cloudtrail-enabled-conformance-pack-ab", "cloudtrail-enabled")).isTrue();
        assertThat(ConfigRuleNames.matches("multi-region-cloudtrail-enabled", "cloudtrail-enabled")).isFalse();
        assertThat(ConfigRuleNames.matches("cloudtrail-enabledx", "cloudtrail-enabled")).isFalse();
        assertThat(ConfigRuleNames.matches(null, "cloudtrail-enabled")).isFalse();
    }
}
