package dev.tousei.evidence.rules;

import dev.tousei.events.catalog.ControlSnapshot;
import dev.tousei.events.catalog.EvidenceRule;
import dev.tousei.events.catalog.EvidenceRule.Effect;
import dev.tousei.events.catalog.EvidenceRule.Escalation;
import dev.tousei.events.catalog.EvidenceRule.Scope;
import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.events.evidence.EvidenceSummary;
import dev.tousei.evidence.normalize.Envelope;
import dev.tousei.evidence.normalize.EvidenceNormalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.event.ruler.Machine;

/**
 * The catalog's evidence rules compiled into one EventBridge pattern matcher (AWS's event-ruler), plus the catalog's
 * Config-rule mappings. Immutable: a catalog change builds a new engine.
 *
 * <p>Two rules hold for every control, whatever its patterns say: a call that failed (it has an error code) never
 * changes a control's state, and a read-only call never fails one; either still escalates, because a failed tamper
 * attempt is news. Sample, canary and archived findings never escalate.
 */
public final class ControlRuleEngine {

    static final String CONFIG_COMPLIANCE = "Config Rules Compliance Change";
    static final String CONFIG_MAPPING_RULE = "config-rule-mapping";

    private final Machine machine;
    private final Map<String, MatchedRule> rulesByName;
    private final Map<String, List<String>> controlsByConfigRule;
    private final EvidenceNormalizer normalizer;

    private record MatchedRule(String controlId, EvidenceRule rule) {
    }

    private ControlRuleEngine(Machine machine, Map<String, MatchedRule> rulesByName,
                              Map<String, List<String>> controlsByConfigRule, EvidenceNormalizer normalizer) {
        this.machine = machine;
        this.rulesByName = rulesByName;
        this.controlsByConfigRule = controlsByConfigRule;
        this.normalizer = normalizer;
    }

    public static ControlRuleEngine empty(EvidenceNormalizer normalizer) {
        return new ControlRuleEngine(new Machine(), Map.of(), Map.of(), normalizer);
    }

    /** Compiles every rule of every control; a rule whose pattern the matcher refuses is skipped and reported. */
    public static ControlRuleEngine of(Collection<ControlSnapshot> controls, EvidenceNormalizer normalizer,
                                       List<String> skipped) {
        Machine machine = new Machine();
        Map<String, MatchedRule> rulesByName = new HashMap<>();
        Map<String, List<String>> controlsByConfigRule = new HashMap<>();
        for (ControlSnapshot control : controls) {
            for (EvidenceRule rule : orEmpty(control.evidenceRules())) {
                if (rule == null) {
                    // a null in the catalog's list must not stop the whole rule set from being built
                    skipped.add(control.id() + ": a null evidence rule");
                    continue;
                }
                String name = control.id() + "/" + rule.id();
                try {
                    machine.addRule(name, rule.eventPattern());
                    rulesByName.put(name, new MatchedRule(control.id(), rule));
                } catch (Exception e) {
                    skipped.add(name + ": " + e.getMessage());
                }
            }
            for (String configRule : orEmpty(control.awsConfigRules())) {
                controlsByConfigRule.computeIfAbsent(configRule, ignored -> new ArrayList<>()).add(control.id());
            }
        }
        return new ControlRuleEngine(machine, rulesByName, controlsByConfigRule, normalizer);
    }

    public int ruleCount() {
        return rulesByName.size();
    }

    /**
     * What the event means for each control it concerns. The patterns are matched on the tree the validator parsed,
     * not on the JSON text: parsing each event a second time for the matcher would cost as much as the validation.
     */
    public List<ControlEffect> evaluate(Envelope envelope, EvidenceSummary summary) {
        List<ControlEffect> effects = new ArrayList<>();
        Set<String> controlsWithOwnRule = new HashSet<>();
        List<String> matched;
        try {
            matched = machine.rulesForJSONEvent(envelope.raw());
        } catch (Exception e) {
            throw new IllegalArgumentException("event-ruler could not read the event: " + e.getMessage(), e);
        }
        for (String name : matched.stream().sorted().toList()) {
            MatchedRule match = rulesByName.get(name);
            controlsWithOwnRule.add(match.controlId());
            effects.add(effectOf(match.controlId(), match.rule(), envelope, summary));
        }
        if (CONFIG_COMPLIANCE.equals(envelope.detailType())) {
            effects.addAll(mappedConfigRuleEffects(envelope, summary, controlsWithOwnRule));
        }
        return effects;
    }

    private ControlEffect effectOf(String controlId, EvidenceRule rule, Envelope envelope, EvidenceSummary summary) {
        Effect effect = rule.effect();
        String reason = rule.description() == null ? rule.id() : rule.description();
        if (effect != Effect.INFO && "FAILURE".equals(summary.outcome())) {
            effect = Effect.INFO;
            reason += "; the call failed (" + summary.errorCode() + "), so the control's state is unchanged";
        } else if (effect == Effect.FAIL && summary.readOnly()) {
            effect = Effect.INFO;
            reason += "; a read-only call never fails a control";
        }
        Escalation escalation = summary.sample() ? Escalation.NONE : rule.escalation();
        String resource = rule.scope() == Scope.RESOURCE ? resourceOf(envelope, rule.resourcePath()) : null;
        Scope scope = resource == null ? Scope.ACCOUNT : Scope.RESOURCE;
        return new ControlEffect(controlId, rule.id(), effect, scope, resource, escalation,
                reason + describe(summary));
    }

    private List<ControlEffect> mappedConfigRuleEffects(Envelope envelope, EvidenceSummary summary,
                                                        Set<String> controlsWithOwnRule) {
        String configRuleName = summary.operation();
        if (configRuleName == null) {
            return List.of();
        }
        Effect effect = switch (String.valueOf(summary.complianceType())) {
            case "COMPLIANT" -> Effect.PASS;
            case "NON_COMPLIANT" -> Effect.FAIL;
            default -> Effect.INFO;
        };
        String resource = resourceOf(envelope, "detail.resourceId");
        List<ControlEffect> effects = new ArrayList<>();
        controlsByConfigRule.forEach((managedRule, controlIds) -> {
            if (!ConfigRuleNames.matches(configRuleName, managedRule)) {
                return;
            }
            for (String controlId : controlIds) {
                if (controlsWithOwnRule.add(controlId)) {
                    effects.add(new ControlEffect(controlId, CONFIG_MAPPING_RULE, effect,
                            resource == null ? Scope.ACCOUNT : Scope.RESOURCE, resource,
                            effect == Effect.FAIL ? Escalation.ALERT : Escalation.NONE,
                            "AWS Config rule " + configRuleName + " (mapped to this control in the catalog) is now "
                                    + summary.complianceType()));
                }
            }
        });
        return effects;
    }

    private String resourceOf(Envelope envelope, String path) {
        String value = path == null
                ? (envelope.resources().isEmpty() ? null : envelope.resources().get(0))
                : normalizer.resourceAt(envelope, path);
        return value == null || value.isBlank() ? null : normalizer.canonicalResource(envelope, value);
    }

    private static String describe(EvidenceSummary summary) {
        StringBuilder text = new StringBuilder();
        if (summary.operation() != null) {
            text.append(" [").append(summary.operation());
            if (summary.actor() != null && summary.actor().arn() != null) {
                text.append(" by ").append(summary.actor().arn());
            }
            text.append(']');
        }
        return text.toString();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
