package dev.tousei.catalog.seed;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tousei.catalog.ControlDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog shipped with the product, read from {@code classpath:catalog/} (format in catalog/FORMAT.md).
 * Field names there are snake_case; fields starting with '_' are editorial notes and are ignored.
 */
public record CatalogSeed(List<SeedFramework> frameworks, List<SeedMappingSet> mappingSets) {

    public record SeedFramework(String id, String nameJa, String nameEn, String version, String publisher,
                                String source, List<SeedControl> controls) {
    }

    public record SeedControl(String id, ControlDocument document) {
    }

    public record SeedMappingSet(String id, String title, Provenance provenance, List<SeedMapping> mappings) {
    }

    public record Provenance(String source, String url, List<Provenance> also) {
    }

    public record SeedMapping(Ref source, Ref target, String relationship, String note) {
    }

    public record Ref(String kind, String id, String name, String edition) {
    }

    private record Manifest(List<ManifestFramework> frameworks, List<String> mappingFiles) {
    }

    private record ManifestFramework(String id, String nameJa, String nameEn, String version, String publisher,
                                     String source, List<String> controlFiles) {
    }

    private static final ObjectMapper SNAKE_CASE = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public static CatalogSeed load() {
        Manifest manifest = read("catalog/frameworks.json", Manifest.class);
        List<SeedFramework> frameworks = manifest.frameworks().stream().map(CatalogSeed::loadFramework).toList();
        List<SeedMappingSet> sets = manifest.mappingFiles().stream()
                .map(file -> read("catalog/" + file, SeedMappingSet.class)).toList();
        return new CatalogSeed(frameworks, sets);
    }

    private static SeedFramework loadFramework(ManifestFramework framework) {
        List<SeedControl> controls = new ArrayList<>();
        for (String file : framework.controlFiles()) {
            for (JsonNode node : read("catalog/" + file, JsonNode.class)) {
                ControlDocument document = SNAKE_CASE.convertValue(node, ControlDocument.class);
                controls.add(new SeedControl(node.path("id").asText(null), inFramework(document, framework.id())));
            }
        }
        return new SeedFramework(framework.id(), framework.nameJa(), framework.nameEn(), framework.version(),
                framework.publisher(), framework.source(), List.copyOf(controls));
    }

    private static ControlDocument inFramework(ControlDocument d, String frameworkId) {
        return new ControlDocument(frameworkId, d.displayId(), orEmpty(d.aliases()), d.parentId(), d.kind(),
                d.titleJa(), d.titleEn(), d.summaryJa(), d.summaryEn(), d.responsibility(), d.assessmentMode(),
                d.freshness(), d.defaultSeverity(), d.guidanceJa(), orEmpty(d.references()),
                orEmpty(d.improvementPlan()), orEmpty(d.considerationPoints()), orEmpty(d.evidenceRules()));
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <T> T read(String resource, Class<T> type) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("catalog seed file " + resource + " is missing");
            }
            return SNAKE_CASE.readValue(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException("catalog seed file " + resource + " is unreadable", e);
        }
    }
}
