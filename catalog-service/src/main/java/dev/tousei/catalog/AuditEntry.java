package dev.tousei.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** Who changed which control, when, in which revision, with the definition before and after. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry {

    public enum Action { CREATED, UPDATED, DELETED }

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "audit_entry_seq")
    @SequenceGenerator(name = "audit_entry_seq", sequenceName = "audit_entry_seq", allocationSize = 50)
    public Long id;

    public long revision;

    @Column(name = "control_id")
    public String controlId;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Action action;

    public String actor;

    public Instant at;

    /** The control as it was before the change, with its version; null on creation. */
    @JdbcTypeCode(SqlTypes.JSON)
    public VersionedDocument before;

    /** The control after the change; null on deletion. */
    @JdbcTypeCode(SqlTypes.JSON)
    public VersionedDocument after;

    public record VersionedDocument(long version, ControlDocument document) {
    }
}
