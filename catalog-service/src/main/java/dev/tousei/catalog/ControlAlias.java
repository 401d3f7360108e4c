package dev.tousei.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "control_alias")
public class ControlAlias {

    @Id
    @Column(name = "alias_key")
    public String aliasKey;

    @Column(name = "control_id")
    public String controlId;

    public ControlAlias() {
    }

    public ControlAlias(String aliasKey, String controlId) {
        this.aliasKey = aliasKey;
        this.controlId = controlId;
    }
}
