package dev.tousei.catalog.service;

import dev.tousei.catalog.AliasKey;
import dev.tousei.catalog.AuditEntry.VersionedDocument;
import dev.tousei.catalog.Control;
import dev.tousei.catalog.ControlAlias;
import dev.tousei.catalog.ControlDocument;
import dev.tousei.catalog.mapping.ControlMapper;
import dev.tousei.catalog.messaging.ControlChangedRelay;
import dev.tousei.catalog.repository.CatalogRevisionRepository;
import dev.tousei.catalog.repository.ControlAliasRepository;
import dev.tousei.catalog.repository.ControlQuery;
import dev.tousei.catalog.repository.ControlRepository;
import dev.tousei.catalog.repository.FrameworkRepository;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import dev.tousei.events.catalog.EvidenceRule;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads and changes controls. Every change opens a catalog revision and is audited and published. */
@ApplicationScoped
public class ControlService {

    private final ControlRepository controls;
    private final ControlAliasRepository aliases;
    private final FrameworkRepository frameworks;
    private final CatalogRevisionRepository revisions;
    private final ControlChangeRecorder recorder;
    private final ControlChangedRelay relay;
    private final Clock clock;

    ControlService(ControlRepository controls, ControlAliasRepository aliases, FrameworkRepository frameworks,
                   CatalogRevisionRepository revisions, ControlChangeRecorder recorder, ControlChangedRelay relay,
                   Clock clock) {
        this.controls = controls;
        this.aliases = aliases;
        this.frameworks = frameworks;
        this.revisions = revisions;
        this.recorder = recorder;
        this.relay = relay;
        this.clock = clock;
    }

    /** Finds a control by its id or any of its spellings (SEC4-1, SEC04-BP01, SEC-4.1, 統20 3-(1)). */
    @WithSession
    public Uni<Control> find(String idOrAlias) {
        return controls.findById(idOrAlias)
                .chain(found -> found != null ? Uni.createFrom().item(found)
                        : controls.findByAliasKey(AliasKey.of(idOrAlias)))
                .onItem().ifNull().failWith(() -> new ControlNotFoundException("control '" + idOrAlias + "'"));
    }

    @WithSession
    public Uni<List<Control>> search(ControlQuery query) {
        return controls.search(query);
    }

    public Uni<Control> create(String id, ControlDocument document, String actor) {
        return Panache.withTransaction(() -> controls.findById(id)
                        .invoke(existing -> {
                            if (existing != null) {
                                throw new CatalogConflictException("a control with id '" + id + "' already exists");
                            }
                        })
                        .chain(() -> checkAgainstCatalog(id, document))
                        .chain(() -> revisions.open(actor, "create " + id, clock.instant()))
                        .chain(revision -> {
                            Control control = new Control();
                            control.id = id;
                            ControlMapper.apply(control, document);
                            return controls.persist(control)
                                    .chain(() -> replaceAliases(id, document))
                                    .chain(() -> recorder.record(revision, id, null,
                                            new VersionedDocument(control.version, document)))
                                    .replaceWith(control);
                        }))
                .invoke(relay::publishSoon);
    }

    public Uni<Control> update(String id, long expectedVersion, ControlDocument document, String actor) {
        return Panache.withTransaction(() -> loadAtVersion(id, expectedVersion)
                        .call(() -> checkAgainstCatalog(id, document))
                        .chain(control -> revisions.open(actor, "update " + id, clock.instant())
                                .chain(revision -> {
                                    VersionedDocument before = new VersionedDocument(control.version, control.document);
                                    ControlMapper.apply(control, document);
                                    return replaceAliases(id, document)
                                            .chain(() -> Panache.flush())
                                            .chain(() -> recorder.record(revision, id, before,
                                                    new VersionedDocument(control.version, document)))
                                            .replaceWith(control);
                                })))
                .invoke(relay::publishSoon);
    }

    public Uni<Control> replaceEvidenceRules(String id, long expectedVersion, List<EvidenceRule> rules, String actor) {
        return find(id).chain(control -> update(control.id, expectedVersion, withRules(control.document, rules), actor));
    }

    public Uni<Void> delete(String id, long expectedVersion, String actor) {
        return Panache.withTransaction(() -> loadAtVersion(id, expectedVersion)
                        .call(control -> controls.countChildren(id).invoke(children -> {
                            if (children > 0) {
                                throw new CatalogConflictException("control '" + id + "' still has " + children
                                        + " child control(s); delete or move them first");
                            }
                        }))
                        .chain(control -> revisions.open(actor, "delete " + id, clock.instant())
                                .chain(revision -> aliases.deleteForControl(id)
                                        .chain(() -> controls.delete(control))
                                        .chain(() -> recorder.record(revision, id,
                                                new VersionedDocument(control.version, control.document), null)))))
                .invoke(relay::publishSoon);
    }

    private Uni<Control> loadAtVersion(String id, long expectedVersion) {
        return controls.findById(id)
                .onItem().ifNull().failWith(() -> new ControlNotFoundException("control '" + id + "'"))
                .invoke(control -> {
                    if (control.version != expectedVersion) {
                        throw new CatalogConflictException("control '" + id + "' is at version " + control.version
                                + ", not " + expectedVersion + "; reload it and apply your change again");
                    }
                });
    }

    /** The checks that need the rest of the catalog: framework and parent exist, aliases are free. */
    private Uni<Void> checkAgainstCatalog(String id, ControlDocument document) {
        List<String> violations = new ArrayList<>(ControlRules.violations(id, document));
        return frameworks.findById(document.frameworkId())
                .invoke(framework -> {
                    if (framework == null) {
                        violations.add("framework '" + document.frameworkId() + "' does not exist");
                    }
                })
                .chain(() -> document.parentId() == null ? Uni.createFrom().nullItem()
                        : controls.findById(document.parentId()))
                .invoke(parent -> {
                    if (document.parentId() == null) {
                        return;
                    }
                    if (parent == null) {
                        violations.add("parent '" + document.parentId() + "' does not exist");
                    } else if (!parent.frameworkId.equals(document.frameworkId())) {
                        violations.add("parent '" + parent.id + "' belongs to framework " + parent.frameworkId);
                    } else if (!ControlKind.GROUP.name().equals(parent.kind)) {
                        violations.add("parent '" + parent.id + "' is not a GROUP");
                    }
                })
                .invoke(() -> {
                    if (!violations.isEmpty()) {
                        throw new InvalidControlException(violations);
                    }
                })
                .chain(() -> aliases.findTakenByOthers(ControlMapper.aliasKeys(id, document), id))
                .invoke(taken -> {
                    if (!taken.isEmpty()) {
                        throw new CatalogConflictException("alias(es) already used by another control: " + taken.stream()
                                .map(alias -> alias.aliasKey + " → " + alias.controlId)
                                .collect(Collectors.joining(", ")));
                    }
                })
                .replaceWithVoid();
    }

    private Uni<Void> replaceAliases(String id, ControlDocument document) {
        Set<String> keys = ControlMapper.aliasKeys(id, document);
        return aliases.deleteForControl(id)
                .chain(() -> aliases.persist(keys.stream().map(key -> new ControlAlias(key, id))))
                .replaceWithVoid();
    }

    private static ControlDocument withRules(ControlDocument d, List<EvidenceRule> rules) {
        return new ControlDocument(d.frameworkId(), d.displayId(), d.aliases(), d.parentId(), d.kind(), d.titleJa(),
                d.titleEn(), d.summaryJa(), d.summaryEn(), d.responsibility(), d.assessmentMode(), d.freshness(),
                d.defaultSeverity(), d.guidanceJa(), d.references(), d.improvementPlan(), d.considerationPoints(),
                rules);
    }
}
