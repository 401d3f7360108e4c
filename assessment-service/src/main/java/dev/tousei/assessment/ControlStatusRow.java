package dev.tousei.assessment;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The current status of one control in one account. */
@Entity
@Table(name = "control_status")
public class ControlStatusRow {

    @Embeddable
    public record Key(@Column(name = "account_id") String accountId, @Column(name = "control_id") String controlId)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;

    @Column(name = "framework_id")
    public String frameworkId;

    public String status;

    public String reason;

    @Convert(converter = JsonListConverters.Uuids.class)
    @Column(name = "evidence_ids")
    public List<UUID> evidenceIds;

    @Convert(converter = JsonListConverters.Uuids.class)
    @Column(name = "attestation_ids")
    public List<UUID> attestationIds;

    @Convert(converter = JsonListConverters.Strings.class)
    @Column(name = "failed_resources")
    public List<String> failedResources;

    public Instant since;

    @Column(name = "next_check_at")
    public Instant nextCheckAt;
}
