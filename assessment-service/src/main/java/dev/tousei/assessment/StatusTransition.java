package dev.tousei.assessment;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One status change of one control in one account: the history, and the basis of as-of queries. */
@Entity
@Table(name = "status_transition")
public class StatusTransition {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "status_transition_seq")
    @SequenceGenerator(name = "status_transition_seq", sequenceName = "status_transition_seq", allocationSize = 50)
    public Long id;

    @Column(name = "account_id")
    public String accountId;

    @Column(name = "control_id")
    public String controlId;

    @Column(name = "previous_status")
    public String previousStatus;

    public String status;

    public String reason;

    @Convert(converter = JsonListConverters.Uuids.class)
    @Column(name = "evidence_ids")
    public List<UUID> evidenceIds;

    @Convert(converter = JsonListConverters.Uuids.class)
    @Column(name = "attestation_ids")
    public List<UUID> attestationIds;

    @Column(name = "changed_at")
    public Instant changedAt;
}
