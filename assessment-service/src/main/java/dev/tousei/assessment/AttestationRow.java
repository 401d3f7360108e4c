package dev.tousei.assessment;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An auditor's statement that a control is met (for one account, or every account when accountId is null). */
@Entity
@Table(name = "attestation")
public class AttestationRow {

    public record AttachmentRef(UUID id, String fileName, String mediaType, String sha256, long sizeBytes) {
    }

    @Id
    public UUID id;

    @Column(name = "control_id")
    public String controlId;

    @Column(name = "account_id")
    public String accountId;

    public String statement;

    public String auditor;

    @Column(name = "attested_at")
    public Instant attestedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Convert(converter = JsonListConverters.Attachments.class)
    public List<AttachmentRef> attachments;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Version
    public long version;
}
