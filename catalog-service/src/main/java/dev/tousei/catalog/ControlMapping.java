package dev.tousei.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * "source relationship target", e.g. sec04-bp01 superset-of AWS Config rule CLOUDTRAIL_ENABLED. Either end may be a
 * catalog control ({@code CONTROL}) or something outside the catalog (a Config rule, a FISC 実務基準 item, ...).
 */
@Entity
@Table(name = "control_mapping")
public class ControlMapping {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "control_mapping_seq")
    @SequenceGenerator(name = "control_mapping_seq", sequenceName = "control_mapping_seq", allocationSize = 50)
    public Long id;

    @Column(name = "set_id")
    public String setId;

    @Column(name = "source_kind")
    public String sourceKind;

    @Column(name = "source_id")
    public String sourceId;

    @Column(name = "target_kind")
    public String targetKind;

    @Column(name = "target_id")
    public String targetId;

    @Column(name = "target_name")
    public String targetName;

    public String relationship;

    /** The edition of the source document the fact holds for, where the source says (e.g. FISC "12,13"). */
    public String edition;

    public String note;
}
