package dev.tousei.assessment.service;

import dev.tousei.assessment.AccountRow;
import dev.tousei.assessment.AttestationRow;
import dev.tousei.assessment.AttestationRow.AttachmentRef;
import dev.tousei.assessment.ControlStatusRow;
import dev.tousei.assessment.NotApplicableRow;
import dev.tousei.assessment.messaging.StatusEventRelay;
import dev.tousei.assessment.repository.AccountRepository;
import dev.tousei.assessment.repository.AttestationRepository;
import dev.tousei.assessment.repository.ControlDefinitionRepository;
import dev.tousei.assessment.repository.NotApplicableRepository;
import dev.tousei.events.assessment.ControlStatusChanged;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * Attestations (auditors) and not-applicable declarations (admins). Each change re-assesses the control in the
 * accounts it concerns, so status events follow at once.
 */
@ApplicationScoped
public class GovernanceService {

    private final AttestationRepository attestations;
    private final NotApplicableRepository notApplicable;
    private final ControlDefinitionRepository definitions;
    private final AccountRepository accounts;
    private final StatusService statuses;
    private final StatusEventRelay relay;
    private final Clock clock;

    GovernanceService(AttestationRepository attestations, NotApplicableRepository notApplicable,
                      ControlDefinitionRepository definitions, AccountRepository accounts, StatusService statuses,
                      StatusEventRelay relay, Clock clock) {
        this.attestations = attestations;
        this.notApplicable = notApplicable;
        this.definitions = definitions;
        this.accounts = accounts;
        this.statuses = statuses;
        this.relay = relay;
        this.clock = clock;
    }

    public record NewAttachment(String fileName, String mediaType, byte[] content) {
    }

    public record NewAttestation(String controlId, String accountId, String statement, Instant attestedAt,
                                 Instant expiresAt, List<NewAttachment> attachments) {
    }

    public Uni<AttestationRow> attest(NewAttestation request, String auditor) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> requireRequirement(request.controlId())
                        .chain(() -> {
                            if (!request.expiresAt().isAfter(request.attestedAt())) {
                                throw new GovernanceException(422, "expiresAt must be after attestedAt");
                            }
                            AttestationRow row = new AttestationRow();
                            row.id = UUID.randomUUID();
                            row.controlId = request.controlId();
                            row.accountId = request.accountId();
                            row.statement = request.statement();
                            row.auditor = auditor;
                            row.attestedAt = request.attestedAt();
                            row.expiresAt = request.expiresAt();
                            row.createdAt = now;
                            row.attachments = new ArrayList<>();
                            List<AttachmentStore.Stored> files = new ArrayList<>();
                            for (NewAttachment attachment : request.attachments()) {
                                UUID id = UUID.randomUUID();
                                String sha256 = sha256(attachment.content());
                                row.attachments.add(new AttachmentRef(id, attachment.fileName(), attachment.mediaType(),
                                        sha256, attachment.content().length));
                                files.add(new AttachmentStore.Stored(id, row.id, attachment, sha256));
                            }
                            return attestations.persist(row)
                                    .call(() -> Panache.flush()) // the attachments' foreign key needs the row
                                    .call(() -> AttachmentStore.persistAll(files))
                                    .call(() -> reassess(row.controlId, row.accountId, now));
                        }))
                .invoke(ignored -> relay.publishSoon());
    }

    public Uni<AttestationRow> revoke(UUID id) {
        Instant now = clock.instant();
        return Panache.withTransaction(() -> attestations.findById(id)
                        .onItem().ifNull().failWith(() -> new GovernanceException(404, "attestation " + id
                                + " was not found"))
                        .invoke(row -> row.revokedAt = now)
                        .call(row -> reassess(row.controlId, row.accountId, now)))
                .invoke(ignored -> relay.publishSoon());
    }

    @WithSession
    public Uni<List<AttestationRow>> attestations(String controlId, String accountId) {
        return attestations.search(controlId, accountId);
    }

    @WithSession
    public Uni<AttestationRow> attestation(UUID id) {
        return attestations.findById(id)
                .onItem().ifNull().failWith(() -> new GovernanceException(404, "attestation " + id + " was not found"));
    }

    public Uni<Void> declareNotApplicable(String controlId, String accountId, String reason, String admin) {
        Instant now = clock.instant();
        ControlStatusRow.Key key = new ControlStatusRow.Key(accountId, controlId);
        return Panache.withTransaction(() -> requireRequirement(controlId)
                        .chain(() -> accounts.register(accountId, now))
                        .chain(() -> notApplicable.findById(key))
                        .chain(existing -> {
                            NotApplicableRow row = existing == null ? new NotApplicableRow() : existing;
                            row.key = key;
                            row.reason = reason;
                            row.declaredBy = admin;
                            row.declaredAt = now;
                            return existing == null ? notApplicable.persist(row) : Uni.createFrom().item(row);
                        })
                        .call(() -> reassess(controlId, accountId, now)))
                .invoke(ignored -> relay.publishSoon())
                .replaceWithVoid();
    }

    public Uni<Void> withdrawNotApplicable(String controlId, String accountId) {
        Instant now = clock.instant();
        ControlStatusRow.Key key = new ControlStatusRow.Key(accountId, controlId);
        return Panache.withTransaction(() -> notApplicable.findById(key)
                        .onItem().ifNull().failWith(() -> new GovernanceException(404, "no not-applicable declaration "
                                + "for " + controlId + " in " + accountId))
                        .call(notApplicable::delete)
                        .call(() -> reassess(controlId, accountId, now)))
                .invoke(ignored -> relay.publishSoon())
                .replaceWithVoid();
    }

    private Uni<Void> requireRequirement(String controlId) {
        return definitions.findById(controlId).invoke(definition -> {
            if (definition == null) {
                throw new GovernanceException(404, "control " + controlId + " was not found");
            }
            if (!"REQUIREMENT".equals(definition.kind)) {
                throw new GovernanceException(422, "control " + controlId + " is a group, not an assessable requirement");
            }
        }).replaceWithVoid();
    }

    /** The control in one account, or in every known account when accountId is null. */
    private Uni<List<ControlStatusChanged>> reassess(String controlId, String accountId, Instant now) {
        Uni<List<String>> targets = accountId != null ? accounts.register(accountId, now).replaceWith(List.of(accountId))
                : accounts.listAll().map(all -> all.stream().map((AccountRow account) -> account.accountId).toList());
        return targets.chain(accountIds -> Multi.createFrom().iterable(accountIds)
                .onItem().transformToUniAndConcatenate(account -> statuses.recompute(account, controlId,
                        UnaryOperator.identity(), now))
                .filter(Objects::nonNull)
                .collect().asList());
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
