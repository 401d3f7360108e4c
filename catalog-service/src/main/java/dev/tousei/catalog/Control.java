package dev.tousei.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

@Entity
@Table(name = "control")
public class Control {

    @Id
    public String id;

    @Column(name = "framework_id")
    public String frameworkId;

    @Column(name = "parent_id")
    public String parentId;

    @Column(name = "display_id")
    public String displayId;

    public String kind;

    @Column(name = "assessment_mode")
    public String assessmentMode;

    @Column(name = "aws_responsibility")
    public String awsResponsibility;

    @Column(name = "customer_responsibility")
    public String customerResponsibility;

    /** Normalised text of every searchable field, Japanese and English, for substring search. */
    @Column(name = "search_text")
    public String searchText;

    @JdbcTypeCode(SqlTypes.JSON)
    public ControlDocument document;

    @Version
    public long version;
}
