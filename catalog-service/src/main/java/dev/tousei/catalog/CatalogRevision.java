package dev.tousei.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

@Entity
@Table(name = "catalog_revision")
public class CatalogRevision {

    @Id
    public long number;

    @Column(name = "created_at")
    public Instant createdAt;

    public String actor;

    public String description;
}
