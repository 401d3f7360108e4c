package dev.tousei.assessment;

import dev.tousei.events.catalog.ControlSnapshot;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** This service's copy of one catalog control. */
@Entity
@Table(name = "control_definition")
public class ControlDefinitionRow {

    @Id
    public String id;

    @Column(name = "framework_id")
    public String frameworkId;

    public String kind;

    @Column(name = "assessment_mode")
    public String assessmentMode;

    @JdbcTypeCode(SqlTypes.JSON)
    public ControlSnapshot snapshot;

    @Column(name = "catalog_revision")
    public long catalogRevision;
}
