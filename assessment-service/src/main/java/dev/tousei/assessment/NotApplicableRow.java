package dev.tousei.assessment;

import jakarta.persistence.Column;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** An admin's declaration that a control does not apply to an account, with the reason. */
@Entity
@Table(name = "not_applicable")
public class NotApplicableRow {

    @EmbeddedId
    public ControlStatusRow.Key key;

    public String reason;

    @Column(name = "declared_by")
    public String declaredBy;

    @Column(name = "declared_at")
    public Instant declaredAt;
}
