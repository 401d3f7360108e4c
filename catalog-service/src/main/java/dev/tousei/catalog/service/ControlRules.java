package dev.tousei.catalog.service;

import dev.tousei.catalog.ControlDocument;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import dev.tousei.events.catalog.EvidenceRule;
import java.io.IOException;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.event.ruler.Machine;

/**
 * The rules a control definition must satisfy on its own, whatever else is in the catalog. Used by the API and by
 * the seed import, so shipped data obeys what an admin's edit must obey.
 */
public final class ControlRules {

    public static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]{0,63}$");

    /** A dotted path into an EventBridge envelope: {@code detail.requestParameters.name}, {@code resources.0}. */
    static final Pattern RESOURCE_PATH = Pattern.compile("^[A-Za-z0-9_-]{1,64}(\\.[A-Za-z0-9_-]{1,64}){0,15}$");

    private ControlRules() {
    }

    public static List<String> violations(String id, ControlDocument document) {
        List<String> violations = new ArrayList<>();
        if (id == null || !ID.matcher(id).matches()) {
            violations.add("id must be 1-64 lower-case ASCII letters, digits or '-', starting with a letter or digit");
        }
        if (id != null && id.equals(document.parentId())) {
            violations.add("a control cannot be its own parent");
        }
        if (document.kind() == ControlKind.REQUIREMENT) {
            requireRequirementFields(document, violations);
        }
        evidenceRuleViolations(document.evidenceRules(), violations);
        return violations;
    }

    private static void requireRequirementFields(ControlDocument document, List<String> violations) {
        if (document.responsibility() == null || document.responsibility().aws() == null
                || document.responsibility().customer() == null) {
            violations.add("a requirement needs responsibility.aws and responsibility.customer");
        }
        if (document.assessmentMode() == null) {
            violations.add("a requirement needs an assessmentMode");
        }
        if (document.defaultSeverity() == null) {
            violations.add("a requirement needs a defaultSeverity");
        }
        if (document.freshness() == null || !isPositiveDuration(document.freshness())) {
            violations.add("freshness must be a positive ISO-8601 duration such as PT24H or P365D");
        }
    }

    /** Accepts both time-based (PT24H) and day-based (P365D) ISO-8601 forms. */
    public static boolean isPositiveDuration(String text) {
        try {
            return Duration.parse(text).compareTo(Duration.ZERO) > 0;
        } catch (DateTimeParseException notTimeBased) {
            try {
                Period period = Period.parse(text);
                return !period.isNegative() && !period.isZero() && period.getYears() == 0 && period.getMonths() == 0;
            } catch (DateTimeParseException notDayBased) {
                return false;
            }
        }
    }

    private static void evidenceRuleViolations(List<EvidenceRule> rules, List<String> violations) {
        if (rules == null) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < rules.size(); i++) {
            EvidenceRule rule = rules.get(i);
            String at = "evidenceRules[" + i + "]";
            if (rule == null) {
                violations.add(at + " is null");
                continue;
            }
            if (rule.id() == null || !ID.matcher(rule.id()).matches()) {
                violations.add(at + ".id must be lower-case ASCII letters, digits or '-'");
            } else if (!ids.add(rule.id())) {
                violations.add(at + ".id '" + rule.id() + "' is used twice");
            }
            if (rule.effect() == null || rule.scope() == null || rule.escalation() == null) {
                violations.add(at + " needs effect, scope and escalation");
            }
            if (rule.resourcePath() != null && !RESOURCE_PATH.matcher(rule.resourcePath()).matches()) {
                violations.add(at + ".resourcePath must be a dotted path such as detail.requestParameters.name");
            }
            String patternProblem = eventPatternProblem(rule.eventPattern());
            if (patternProblem != null) {
                violations.add(at + ".eventPattern " + patternProblem);
            }
        }
    }

    /** Checks the pattern with AWS's own EventBridge matcher, the one the evidence collector evaluates it with. */
    static String eventPatternProblem(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return "is missing";
        }
        try {
            new Machine().addRule("check", pattern);
            return null;
        } catch (IOException | RuntimeException e) {
            return "is not a valid EventBridge event pattern: " + e.getMessage();
        }
    }
}
