package dev.tousei.catalog.oscal;

import dev.tousei.catalog.Control;
import dev.tousei.catalog.ControlMapping;
import dev.tousei.catalog.Framework;
import dev.tousei.catalog.MappingSet;
import dev.tousei.catalog.mapping.ControlMapper;
import dev.tousei.catalog.seed.CatalogSeed;
import dev.tousei.catalog.seed.CatalogSeed.SeedFramework;
import dev.tousei.catalog.seed.CatalogSeed.SeedMapping;
import dev.tousei.catalog.seed.CatalogSeed.SeedMappingSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The catalog shipped in classpath:catalog/, as the entities the importer makes of it (no database). */
final class ShippedCatalog {

    static final CatalogSeed SEED = CatalogSeed.load();

    private ShippedCatalog() {
    }

    static Framework framework(String id) {
        SeedFramework seed = seedFramework(id);
        Framework framework = new Framework();
        framework.id = seed.id();
        framework.nameJa = seed.nameJa();
        framework.nameEn = seed.nameEn();
        framework.version = seed.version();
        framework.publisher = seed.publisher();
        framework.source = seed.source();
        return framework;
    }

    /** Every control of every framework, as the catalog snapshot holds them. */
    static List<Control> controls() {
        return SEED.frameworks().stream()
                .flatMap(framework -> framework.controls().stream())
                .map(seed -> {
                    Control control = new Control();
                    control.id = seed.id();
                    ControlMapper.apply(control, seed.document());
                    return control;
                })
                .toList();
    }

    static Map<String, String> frameworkOfControl() {
        return controls().stream().collect(Collectors.toMap(control -> control.id, control -> control.frameworkId));
    }

    static List<String> mappingSetIds() {
        return SEED.mappingSets().stream().map(SeedMappingSet::id).toList();
    }

    /** As CatalogSeedImporter stores it: the sources joined with "; ", the first source's URL. */
    static MappingSet mappingSet(String id) {
        SeedMappingSet seed = seedMappingSet(id);
        MappingSet set = new MappingSet();
        set.id = seed.id();
        set.title = seed.title();
        set.provenance = seed.provenance().source() + (seed.provenance().also() == null ? ""
                : seed.provenance().also().stream().map(also -> "; " + also.source()).collect(Collectors.joining()));
        set.provenanceUrl = seed.provenance().url();
        return set;
    }

    static List<ControlMapping> mappings(String setId) {
        List<SeedMapping> seeds = seedMappingSet(setId).mappings();
        return IntStream.range(0, seeds.size()).mapToObj(index -> {
            SeedMapping seed = seeds.get(index);
            ControlMapping mapping = new ControlMapping();
            mapping.id = index + 1L;
            mapping.setId = setId;
            mapping.sourceKind = seed.source().kind();
            mapping.sourceId = seed.source().id();
            mapping.targetKind = seed.target().kind();
            mapping.targetId = seed.target().id();
            mapping.targetName = seed.target().name();
            mapping.relationship = seed.relationship();
            mapping.edition = seed.source().edition() != null ? seed.source().edition() : seed.target().edition();
            mapping.note = seed.note();
            return mapping;
        }).toList();
    }

    private static SeedFramework seedFramework(String id) {
        return SEED.frameworks().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    private static SeedMappingSet seedMappingSet(String id) {
        return SEED.mappingSets().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }
}
