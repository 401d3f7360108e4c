package dev.tousei.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "framework")
public class Framework {

    @Id
    public String id;

    @Column(name = "name_ja")
    public String nameJa;

    @Column(name = "name_en")
    public String nameEn;

    public String version;

    public String publisher;

    /** Where the catalog text of this framework comes from. */
    public String source;
}
