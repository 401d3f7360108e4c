package dev.tousei.catalog.service;

import dev.tousei.catalog.Control;
import dev.tousei.catalog.Framework;
import dev.tousei.catalog.repository.CatalogRevisionRepository;
import dev.tousei.catalog.repository.ControlRepository;
import dev.tousei.catalog.repository.FrameworkRepository;
import dev.tousei.catalog.repository.MappingRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The whole current catalog in one read, for services that load it at start and then follow
 * catalog.control-changed.v1 from that revision on.
 */
@ApplicationScoped
public class CatalogSnapshotService {

    private final CatalogRevisionRepository revisions;
    private final FrameworkRepository frameworks;
    private final ControlRepository controls;
    private final MappingRepository mappings;

    CatalogSnapshotService(CatalogRevisionRepository revisions, FrameworkRepository frameworks,
                           ControlRepository controls, MappingRepository mappings) {
        this.revisions = revisions;
        this.frameworks = frameworks;
        this.controls = controls;
        this.mappings = mappings;
    }

    /** @param configRulesByControl AWS Config rule names mapped from each control */
    public record Snapshot(long revision, List<Framework> frameworks, List<Control> controls,
                           Map<String, List<String>> configRulesByControl) {

        public List<String> configRulesOf(String controlId) {
            return configRulesByControl.getOrDefault(controlId, List.of());
        }
    }

    /** Read in one transaction so the revision number matches the controls returned. */
    @WithTransaction
    public Uni<Snapshot> current() {
        return revisions.current().chain(revision -> frameworks.listAll(Sort.by("id"))
                .chain(allFrameworks -> controls.listAll(Sort.by("id"))
                        .chain(allControls -> mappings.configRulesOf(null)
                                .map(rules -> new Snapshot(revision, allFrameworks, allControls, rules.stream()
                                        .collect(Collectors.groupingBy(rule -> rule.sourceId,
                                                Collectors.mapping(rule -> rule.targetName,
                                                        Collectors.collectingAndThen(Collectors.toList(),
                                                                names -> names.stream().distinct().toList())))))))));
    }
}
