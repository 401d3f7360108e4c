package dev.tousei.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A set of cross-mappings from one public source, with that source recorded. */
@Entity
@Table(name = "mapping_set")
public class MappingSet {

    @Id
    public String id;

    public String title;

    /** repository@commit:path of the public facts. */
    public String provenance;

    @Column(name = "provenance_url")
    public String provenanceUrl;
}
