package dev.tousei.assessment;

import dev.tousei.assessment.status.ControlState;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** The evidence side of one control in one account (latest finding per resource). */
@Entity
@Table(name = "control_state")
public class ControlStateRow {

    @EmbeddedId
    public ControlStatusRow.Key key;

    @JdbcTypeCode(SqlTypes.JSON)
    public ControlState state;
}
