package dev.tousei.catalog.repository;

import dev.tousei.catalog.CatalogRevision;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

@ApplicationScoped
public class CatalogRevisionRepository implements PanacheRepositoryBase<CatalogRevision, Long> {

    /**
     * Opens the next revision. The update row-locks the catalog head until commit, so concurrent writers queue
     * and revision numbers stay gap-free (a rolled-back writer releases its number).
     */
    public Uni<CatalogRevision> open(String actor, String description, Instant at) {
        return Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("update catalog_head set revision = revision + 1 where id = 1 returning revision",
                                Long.class)
                        .getSingleResult())
                .chain(number -> {
                    CatalogRevision revision = new CatalogRevision();
                    revision.number = number;
                    revision.actor = actor;
                    revision.description = description;
                    revision.createdAt = at;
                    return persist(revision);
                });
    }

    /** Waits for any other catalog writer to finish and keeps them out until this transaction ends. */
    public Uni<Long> lockHead() {
        return Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("select revision from catalog_head where id = 1 for update", Long.class)
                        .getSingleResult());
    }

    public Uni<Long> current() {
        return Panache.getSession()
                .chain(session -> session
                        .createNativeQuery("select revision from catalog_head where id = 1", Long.class)
                        .getSingleResult());
    }

    public Uni<List<CatalogRevision>> latest(int offset, int limit) {
        return findAll(Sort.descending("number")).range(offset, offset + limit - 1).list();
    }
}
