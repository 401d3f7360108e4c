package dev.tousei.assessment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

@Entity
@Table(name = "processed_evidence")
public class ProcessedEvidence {

    @Id
    @Column(name = "evidence_id")
    public UUID evidenceId;

    @Column(name = "processed_at")
    public Instant processedAt;
}
