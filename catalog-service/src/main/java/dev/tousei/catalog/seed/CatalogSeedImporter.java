package dev.tousei.catalog.seed;

import dev.tousei.catalog.AuditEntry.VersionedDocument;
import dev.tousei.catalog.CatalogRevision;
import dev.tousei.catalog.Control;
import dev.tousei.catalog.ControlAlias;
import dev.tousei.catalog.ControlMapping;
import dev.tousei.catalog.Framework;
import dev.tousei.catalog.MappingSet;
import dev.tousei.catalog.config.CatalogConfig;
import dev.tousei.catalog.mapping.ControlMapper;
import dev.tousei.catalog.messaging.ControlChangedRelay;
import dev.tousei.catalog.repository.CatalogRevisionRepository;
import dev.tousei.catalog.repository.ControlAliasRepository;
import dev.tousei.catalog.repository.ControlRepository;
import dev.tousei.catalog.repository.FrameworkRepository;
import dev.tousei.catalog.repository.MappingRepository;
import dev.tousei.catalog.repository.MappingSetRepository;
import dev.tousei.catalog.seed.CatalogSeed.SeedControl;
import dev.tousei.catalog.seed.CatalogSeed.SeedFramework;
import dev.tousei.catalog.seed.CatalogSeed.SeedMapping;
import dev.tousei.catalog.seed.CatalogSeed.SeedMappingSet;
import dev.tousei.catalog.service.ControlChangeRecorder;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

/** Imports the shipped catalog as revision 1 when the database holds no control yet; otherwise does nothing. */
@ApplicationScoped
public class CatalogSeedImporter {

    static final String ACTOR = "system:seed-import";

    private final CatalogConfig config;
    private final ControlRepository controls;
    private final ControlAliasRepository aliases;
    private final FrameworkRepository frameworks;
    private final MappingSetRepository mappingSets;
    private final MappingRepository mappings;
    private final CatalogRevisionRepository revisions;
    private final ControlChangeRecorder recorder;
    private final ControlChangedRelay relay;
    private final Clock clock;

    CatalogSeedImporter(CatalogConfig config, ControlRepository controls, ControlAliasRepository aliases,
                        FrameworkRepository frameworks, MappingSetRepository mappingSets, MappingRepository mappings,
                        CatalogRevisionRepository revisions, ControlChangeRecorder recorder,
                        ControlChangedRelay relay, Clock clock) {
        this.config = config;
        this.controls = controls;
        this.aliases = aliases;
        this.frameworks = frameworks;
        this.mappingSets = mappingSets;
        this.mappings = mappings;
        this.revisions = revisions;
        this.recorder = recorder;
        this.relay = relay;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent start) throws Throwable {
        if (!config.seed().enabled()
                || VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(controls::count)) > 0) {
            return;
        }
        CatalogSeed seed = CatalogSeed.load();
        List<String> problems = new SeedCheck(seed).problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the shipped catalog is inconsistent: " + String.join("; ", problems));
        }
        // counted again under the catalog lock: a second replica starting at the same time waits, then finds the rows
        Long imported = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> revisions.lockHead().chain(() -> controls.count())
                        .chain(existing -> existing > 0 ? Uni.createFrom().item(0L) : importAll(seed))));
        if (imported > 0) {
            Log.infof("imported the shipped catalog as revision 1: %d controls", imported);
            relay.publishSoon();
        }
    }

    private Uni<Long> importAll(CatalogSeed seed) {
        // mappings first: each control's change event names the AWS Config rules mapped to it
        return Multi.createFrom().iterable(seed.mappingSets())
                .onItem().transformToUniAndConcatenate(this::importMappingSet)
                .collect().last()
                .chain(() -> revisions.open(ACTOR, "import of the shipped FISC and Well-Architected catalog",
                        clock.instant()))
                .chain(revision -> Multi.createFrom().iterable(seed.frameworks())
                        .onItem().transformToUniAndConcatenate(framework -> importFramework(revision, framework))
                        .collect().with(Collectors.summingLong(Long::longValue)));
    }

    private Uni<Long> importFramework(CatalogRevision revision, SeedFramework seed) {
        Framework framework = new Framework();
        framework.id = seed.id();
        framework.nameJa = seed.nameJa();
        framework.nameEn = seed.nameEn();
        framework.version = seed.version();
        framework.publisher = seed.publisher();
        framework.source = seed.source();
        return frameworks.persist(framework)
                .chain(() -> Multi.createFrom().iterable(seed.controls())
                        .onItem().transformToUniAndConcatenate(control -> importControl(revision, control))
                        .collect().asList())
                .map(imported -> (long) imported.size());
    }

    private Uni<Void> importControl(CatalogRevision revision, SeedControl seed) {
        Control control = new Control();
        control.id = seed.id();
        ControlMapper.apply(control, seed.document());
        return controls.persist(control)
                .chain(() -> aliases.persist(ControlMapper.aliasKeys(seed.id(), seed.document()).stream()
                        .map(key -> new ControlAlias(key, seed.id()))))
                .chain(() -> recorder.record(revision, seed.id(), null,
                        new VersionedDocument(control.version, seed.document())));
    }

    private Uni<Void> importMappingSet(SeedMappingSet seed) {
        MappingSet set = new MappingSet();
        set.id = seed.id();
        set.title = seed.title();
        set.provenance = seed.provenance().source() + (seed.provenance().also() == null ? ""
                : seed.provenance().also().stream().map(also -> "; " + also.source()).collect(Collectors.joining()));
        set.provenanceUrl = seed.provenance().url();
        return mappingSets.persist(set)
                .chain(() -> mappings.persist(seed.mappings().stream().map(mapping -> toEntity(seed.id(), mapping))))
                .replaceWithVoid();
    }

    private static ControlMapping toEntity(String setId, SeedMapping seed) {
        ControlMapping mapping = new ControlMapping();
        mapping.setId = setId;
        mapping.sourceKind = seed.source().kind();
        mapping.sourceId = seed.source().id();
        mapping.targetKind = seed.target().kind();
        mapping.targetId = seed.target().id();
        mapping.targetName = seed.target().name();
        mapping.relationship = seed.relationship();
        mapping.edition = seed.source().edition() != null ? seed.source().edition() : seed.target().edition();
        mapping.note = seed.note();
        return mapping;
    }
}
