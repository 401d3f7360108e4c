package dev.tousei.assessment.status;

import dev.tousei.events.assessment.ControlStatus;
import dev.tousei.events.catalog.EvidenceRule.Effect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The evidence side of one control in one account (the caller keys it by both): the latest PASS or FAIL finding per
 * resource, and the newest evidence of any effect (INFO included: it proves that collection works).
 *
 * <p>Applying evidence is order-independent and idempotent: for each resource the latest evidence (event time, then
 * chain sequence) wins whatever order it arrives in, and applying the same evidence again changes nothing. So a late
 * or redelivered event can be applied as it comes, with work per evidence. Stored as JSON; a plain record.
 *
 * @param resources latest finding per resource key (see {@link #resourceKey}), sorted by key
 * @param newestEvidenceAt the event time of the newest evidence of any effect; null when there is none
 * @param newestEvidenceIds the evidence at {@code newestEvidenceAt}, sorted
 */
public record ControlState(Map<String, ResourceFinding> resources, Instant newestEvidenceAt,
        List<UUID> newestEvidenceIds) {

    public ControlState {
        resources = Collections.unmodifiableSortedMap(new TreeMap<>(resources == null ? Map.of() : resources));
        newestEvidenceIds = newestEvidenceIds == null ? List.of() : newestEvidenceIds.stream().sorted().toList();
        if (newestEvidenceAt == null && !newestEvidenceIds.isEmpty()) {
            throw new IllegalArgumentException("newest evidence ids without a newest evidence time");
        }
    }

    public static ControlState empty() {
        return new ControlState(Map.of(), null, List.of());
    }

    /** The resource id, or the account id when the evidence is about the account itself. */
    public static String resourceKey(EvidenceEffect effect) {
        return effect.resourceId() == null ? effect.accountId() : effect.resourceId();
    }

    /** The state after {@code effect}; {@code this} when it changes nothing (older than what is known, or a repeat). */
    public ControlState apply(EvidenceEffect effect) {
        Map<String, ResourceFinding> nextResources = withFinding(effect);
        Instant nextNewestAt = newestEvidenceAt;
        List<UUID> nextNewestIds = newestEvidenceIds;
        if (newestEvidenceAt == null || effect.eventTime().isAfter(newestEvidenceAt)) {
            nextNewestAt = effect.eventTime();
            nextNewestIds = List.of(effect.evidenceId());
        } else if (effect.eventTime().equals(newestEvidenceAt) && !newestEvidenceIds.contains(effect.evidenceId())) {
            nextNewestIds = new ArrayList<>(newestEvidenceIds);
            nextNewestIds.add(effect.evidenceId());
        }
        if (nextResources == resources && nextNewestIds == newestEvidenceIds) {
            return this;
        }
        return new ControlState(nextResources, nextNewestAt, nextNewestIds);
    }

    public ControlState applyAll(Iterable<EvidenceEffect> effects) {
        ControlState state = this;
        for (EvidenceEffect effect : effects) {
            state = state.apply(effect);
        }
        return state;
    }

    /** Keys of the resources whose latest finding is {@code status}, sorted. */
    public List<String> resourcesWith(ControlStatus status) {
        return resources.entrySet().stream()
                .filter(entry -> entry.getValue().status() == status)
                .map(Map.Entry::getKey)
                .toList();
    }

    private Map<String, ResourceFinding> withFinding(EvidenceEffect effect) {
        if (effect.effect() == Effect.INFO) {
            return resources;
        }
        ControlStatus status = effect.effect() == Effect.PASS ? ControlStatus.PASSED : ControlStatus.FAILED;
        ResourceFinding candidate = new ResourceFinding(
                status, effect.evidenceId(), effect.eventTime(), effect.sequence(), effect.reason());
        String key = resourceKey(effect);
        ResourceFinding current = resources.get(key);
        if (current != null && !candidate.supersedes(current)) {
            return resources;
        }
        SortedMap<String, ResourceFinding> next = new TreeMap<>(resources);
        next.put(key, candidate);
        return next;
    }
}
