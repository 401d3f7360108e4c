package dev.tousei.assessment.service;

import dev.tousei.assessment.ControlStatusRow;
import dev.tousei.assessment.StatusTransition;
import dev.tousei.assessment.repository.ControlStatusRepository;
import dev.tousei.assessment.repository.StatusTransitionRepository;
import dev.tousei.assessment.status.Rollup;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Reads statuses: current, one control's timeline, the state as of a past instant, and roll-ups. */
@ApplicationScoped
public class StatusQueryService {

    private final ControlStatusRepository statuses;
    private final StatusTransitionRepository transitions;

    StatusQueryService(ControlStatusRepository statuses, StatusTransitionRepository transitions) {
        this.statuses = statuses;
        this.transitions = transitions;
    }

    @WithSession
    public Uni<List<ControlStatusRow>> current(String framework, String account, String status, String control) {
        return statuses.search(framework, account, status, control);
    }

    @WithSession
    public Uni<List<StatusTransition>> timeline(String accountId, String controlId) {
        return transitions.timeline(accountId, controlId);
    }

    @WithSession
    public Uni<List<StatusTransition>> asOf(Instant at, String accountId) {
        return transitions.asOf(at, accountId);
    }

    public record Summary(String frameworkId, String accountId, Map<String, Long> counts, Double score) {
    }

    /** Counts per status and a score, per framework and account. */
    @WithSession
    public Uni<List<Summary>> summaries(String framework, String account) {
        return statuses.search(framework, account, null, null).map(rows -> {
            Map<String, Map<String, List<ControlStatusRow>>> grouped = rows.stream().collect(Collectors.groupingBy(
                    row -> row.frameworkId, TreeMap::new,
                    Collectors.groupingBy(row -> row.key.accountId(), TreeMap::new, Collectors.toList())));
            return grouped.entrySet().stream().flatMap(framework1 -> framework1.getValue().entrySet().stream()
                    .map(accountRows -> {
                        Map<String, Long> counts = accountRows.getValue().stream()
                                .collect(Collectors.groupingBy(row -> row.status, TreeMap::new, Collectors.counting()));
                        return new Summary(framework1.getKey(), accountRows.getKey(), counts, Rollup.score(counts));
                    })).toList();
        });
    }
}
