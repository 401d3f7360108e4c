package dev.tousei.catalog.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ControlRulesTest {

    @Test
    void freshnessAcceptsTimeAndDayDurationsOnly() {
        assertThat(ControlRules.isPositiveDuration("PT24H")).isTrue();
        assertThat(ControlRules.isPositiveDuration("P365D")).isTrue();
        assertThat(ControlRules.isPositiveDuration("P1Y")).isFalse();
        assertThat(ControlRules.isPositiveDuration("PT0S")).isFalse();
        assertThat(ControlRules.isPositiveDuration("24h")).isFalse();
    }

    @Test
    void eventPatternsAreCheckedWithEventBridgesMatcher() {
        assertThat(ControlRules.eventPatternProblem(
                "{\"source\":[\"aws.cloudtrail\"],\"detail\":{\"eventName\":[\"StopLogging\"]}}")).isNull();
        assertThat(ControlRules.eventPatternProblem("{\"source\":\"aws.cloudtrail\"}"))
                .startsWith("is not a valid EventBridge event pattern");
        assertThat(ControlRules.eventPatternProblem("{not json")).startsWith("is not a valid EventBridge event pattern");
        assertThat(ControlRules.eventPatternProblem(" ")).isEqualTo("is missing");
    }
}
