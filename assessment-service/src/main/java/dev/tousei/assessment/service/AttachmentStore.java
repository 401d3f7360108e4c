package dev.tousei.assessment.service;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;

/** Attachment bytes, stored beside their attestation with the SHA-256 the attestation records. */
final class AttachmentStore {

    record Stored(UUID id, UUID attestationId, GovernanceService.NewAttachment attachment, String sha256) {
    }

    private AttachmentStore() {
    }

    static Uni<Void> persistAll(List<Stored> files) {
        return Multi.createFrom().iterable(files)
                .onItem().transformToUniAndConcatenate(file -> Panache.getSession().chain(session -> session
                        .createNativeQuery("""
                                insert into attachment (id, attestation_id, file_name, media_type, sha256, size_bytes,
                                    content) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)""")
                        .setParameter(1, file.id())
                        .setParameter(2, file.attestationId())
                        .setParameter(3, file.attachment().fileName())
                        .setParameter(4, file.attachment().mediaType())
                        .setParameter(5, file.sha256())
                        .setParameter(6, (long) file.attachment().content().length)
                        .setParameter(7, file.attachment().content())
                        .executeUpdate()))
                .collect().last()
                .replaceWithVoid();
    }
}
