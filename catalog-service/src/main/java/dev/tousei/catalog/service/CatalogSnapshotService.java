package dev.tousei.catalog.service;

import dev.tousei.catalog.Control;
import dev.tousei.catalog.Framework;
import dev.tousei.catalog.repository.CatalogRevisionRepository;
import dev.tousei.catalog.repository.ControlRepository;
import dev.tousei.catalog.repository.FrameworkRepository;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The whole current catalog in one read, for services that load it at start and then follow
 * catalog.control-changed.v1 from that revision on.
 */
@ApplicationScoped
public class CatalogSnapshotService {

    private final CatalogRevisionRepository revisions;
    private final FrameworkRepository frameworks;
    private final ControlRepository controls;

    CatalogSnapshotService(CatalogRevisionRepository revisions, FrameworkRepository frameworks,
                           ControlRepository controls) {
        this.revisions = revisions;
        this.frameworks = frameworks;
        this.controls = controls;
    }

    public record Snapshot(long revision, List<Framework> frameworks, List<Control> controls) {
    }

    /** Read in one transaction so the revision number matches the controls returned. */
    @WithTransaction
    public Uni<Snapshot> current() {
        return revisions.current().chain(revision -> frameworks.listAll(Sort.by("id"))
                .chain(allFrameworks -> controls.listAll(Sort.by("id"))
                        .map(allControls -> new Snapshot(revision, allFrameworks, allControls))));
    }
}
