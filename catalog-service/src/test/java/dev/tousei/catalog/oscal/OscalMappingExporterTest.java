package dev.tousei.catalog.oscal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.catalog.ControlMapping;
import dev.tousei.catalog.MappingSet;
import dev.tousei.catalog.oscal.OscalMappingExporter.CatalogContext;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mapping export is valid against NIST's mapping schema (corrected to the 1.2.0 model, see
 * src/test/resources/oscal/README.md) and keeps every fact of the mapping set.
 */
class OscalMappingExporterTest {

    private static final String CATALOG_EXPORT = "https://tousei.example/api/v1/export/oscal/catalog";
    private static final CatalogContext CATALOG = new CatalogContext(5, Instant.parse("2025-06-01T09:30:15.5Z"),
            ShippedCatalog.frameworkOfControl(), framework -> CATALOG_EXPORT + "?framework=" + framework);

    private final OscalMappingExporter exporter = new OscalMappingExporter();

    private ObjectNode shipped(String setId) {
        return exporter.export(ShippedCatalog.mappingSet(setId), ShippedCatalog.mappings(setId), CATALOG);
    }

    static List<String> mappingSetIds() {
        return ShippedCatalog.mappingSetIds();
    }

    @ParameterizedTest
    @MethodSource("mappingSetIds")
    void everyShippedMappingSetIsValidOscalAndLosesNoMapping(String setId) {
        ObjectNode document = shipped(setId);

        assertThat(OscalSchemas.violations(OscalSchemas.MAPPING, document)).isEmpty();
        JsonNode collection = document.get("mapping-collection");
        List<JsonNode> maps = maps(collection);
        assertThat(maps).hasSize(ShippedCatalog.mappings(setId).size());
        Set<String> uuids = new HashSet<>();
        maps.forEach(map -> uuids.add(map.get("uuid").asText()));
        stream(collection.get("mappings")).forEach(mapping -> uuids.add(mapping.get("uuid").asText()));
        stream(collection.get("back-matter").get("resources")).forEach(r -> uuids.add(r.get("uuid").asText()));
        uuids.add(collection.get("uuid").asText());
        assertThat(uuids).as("every uuid is distinct")
                .hasSize(maps.size() + collection.get("mappings").size()
                        + collection.get("back-matter").get("resources").size() + 1);
    }

    @Test
    void controlsPointAtTheCatalogExportAndChecksAreAResourceOfTheirOwn() {
        JsonNode collection = shipped("wa-prowler-checks").get("mapping-collection");

        JsonNode fromCatalog = stream(collection.get("mappings"))
                .filter(m -> m.get("source-resource").get("href").asText().startsWith(CATALOG_EXPORT))
                .findFirst().orElseThrow();
        assertThat(fromCatalog.get("source-resource").get("type").asText()).isEqualTo("catalog");
        assertThat(fromCatalog.get("source-resource").get("href").asText())
                .isEqualTo(CATALOG_EXPORT + "?framework=aws-wa-security");
        String checksHref = fromCatalog.get("target-resource").get("href").asText();
        assertThat(checksHref).startsWith("#");
        JsonNode checks = resource(collection, checksHref.substring(1));
        assertThat(checks.get("title").asText()).isEqualTo("Prowler checks for AWS");
        assertThat(checks.get("props").get(0).get("value").asText()).isEqualTo("PROWLER_CHECK");

        JsonNode map = stream(fromCatalog.get("maps"))
                .filter(m -> m.get("sources").get(0).get("id-ref").asText().equals("sec04-bp01")
                        && m.get("targets").get(0).get("id-ref").asText().equals("cloudtrail_cloudwatch_logging_enabled"))
                .findFirst().orElseThrow();
        assertThat(map.get("relationship").asText()).isEqualTo("superset-of");
        assertThat(map.get("sources").get(0).get("type").asText()).isEqualTo("control");

        // SEC 11 is outside the catalog: a WA question, its own resource, with the note kept as remarks
        JsonNode fromQuestion = stream(collection.get("mappings"))
                .filter(m -> m.get("source-resource").get("props").get(0).get("value").asText().equals("WA_QUESTION"))
                .findFirst().orElseThrow();
        assertThat(fromQuestion.get("maps").get(0).get("sources").get(0).get("id-ref").asText()).isEqualTo("SEC 11");
        assertThat(fromQuestion.get("maps").get(0).get("remarks").asText()).startsWith("SEC11-BP02");
        assertThat(collection.get("provenance").get("matching-rationale").asText()).isEqualTo("functional");
    }

    @Test
    void fiscPracticesMapOntoWellArchitectedQuestionsWithTheirEdition() {
        JsonNode collection = shipped("fisc-practice-wa-questions").get("mapping-collection");

        JsonNode toCatalog = stream(collection.get("mappings"))
                .filter(m -> m.get("target-resource").get("href").asText().startsWith(CATALOG_EXPORT))
                .findFirst().orElseThrow();
        JsonNode source = resource(collection, toCatalog.get("source-resource").get("href").asText().substring(1));
        assertThat(source.get("props").get(0).get("value").asText()).isEqualTo("FISC_PRACTICE");
        JsonNode map = stream(toCatalog.get("maps"))
                .filter(m -> m.get("sources").get(0).get("id-ref").asText().equals("実3")
                        && m.get("targets").get(0).get("id-ref").asText().equals("sec07"))
                .findFirst().orElseThrow();
        assertThat(map.get("relationship").asText()).isEqualTo("intersects-with");
        assertThat(map.get("props").get(0).get("name").asText()).isEqualTo("edition");
        assertThat(map.get("props").get(0).get("value").asText()).isEqualTo("12,13");
        assertThat(collection.get("provenance").get("matching-rationale").asText()).isEqualTo("semantic");
    }

    @Test
    void provenanceIsKeptInProvenanceAndBackMatter() {
        MappingSet set = ShippedCatalog.mappingSet("wa-config-rules");
        JsonNode collection = shipped("wa-config-rules").get("mapping-collection");

        JsonNode provenance = collection.get("provenance");
        assertThat(provenance.get("method").asText()).isEqualTo("human");
        assertThat(provenance.get("status").asText()).isEqualTo("complete");
        assertThat(provenance.get("mapping-description").asText())
                .contains(set.title).contains(set.provenance).contains(set.provenanceUrl);
        assertThat(provenance.get("links")).extracting(link -> link.get("href").asText())
                .contains(set.provenanceUrl);
        String cited = provenance.get("links").get(0).get("href").asText();
        JsonNode resource = resource(collection, cited.substring(1));
        assertThat(resource.get("citation").get("text").asText()).isEqualTo(set.provenance);
        assertThat(resource.get("rlinks").get(0).get("href").asText()).isEqualTo(set.provenanceUrl);

        JsonNode metadata = collection.get("metadata");
        assertThat(metadata.get("title").asText()).isEqualTo(set.title);
        assertThat(metadata.get("oscal-version").asText()).isEqualTo("1.2.0");
        assertThat(metadata.get("version").asText()).isEqualTo("revision 5");
        assertThat(metadata.get("last-modified").asText()).isEqualTo("2025-06-01T09:30:15Z");
    }

    @Test
    void uuidsAreStableAcrossExportsAndMapsAcrossRevisions() {
        ObjectNode first = shipped("wa-config-rules");
        assertThat(shipped("wa-config-rules")).isEqualTo(first);

        CatalogContext later = new CatalogContext(6, CATALOG.lastModified(), CATALOG.frameworkOfControl(),
                CATALOG.catalogHref());
        ObjectNode next = exporter.export(ShippedCatalog.mappingSet("wa-config-rules"),
                ShippedCatalog.mappings("wa-config-rules"), later);
        assertThat(next.get("mapping-collection").get("uuid")).isNotEqualTo(first.get("mapping-collection").get("uuid"));
        assertThat(maps(next.get("mapping-collection"))).extracting(map -> map.get("uuid").asText())
                .containsExactlyElementsOf(maps(first.get("mapping-collection")).stream()
                        .map(map -> map.get("uuid").asText()).toList());
    }

    @Test
    void relationshipsAreOscalsVocabularyOnly() {
        assertThat(Stream.of("equivalent-to", "subset-of", "superset-of", "intersects-with")
                .map(OscalMappingExporter::relationship))
                .containsExactly("equivalent-to", "subset-of", "superset-of", "intersects-with");
        assertThatThrownBy(() -> OscalMappingExporter.relationship("related-to"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("related-to");
    }

    @Test
    void aControlNoLongerInTheCatalogStaysMappedAsAResourceOfItsOwn() {
        MappingSet set = new MappingSet();
        set.id = "demo";
        set.title = "Demo";
        set.provenance = "  ";
        ControlMapping mapping = new ControlMapping();
        mapping.sourceKind = "CONTROL";
        mapping.sourceId = "sec99-bp01";
        mapping.targetKind = "AWS_CONFIG_RULE";
        mapping.targetId = "S3_BUCKET_LOGGING_ENABLED";
        mapping.targetName = "s3-bucket-logging-enabled";
        mapping.relationship = "equivalent-to";

        ObjectNode document = exporter.export(set, List.of(mapping), new CatalogContext(1, Instant.EPOCH, Map.of(),
                framework -> "/api/v1/export/oscal/catalog?framework=" + framework));

        assertThat(OscalSchemas.violations(OscalSchemas.MAPPING, document)).isEmpty();
        JsonNode collection = document.get("mapping-collection");
        JsonNode only = collection.get("mappings").get(0);
        assertThat(only.get("source-resource").get("props").get(0).get("value").asText())
                .isEqualTo("CONTROL_NOT_IN_CATALOG");
        JsonNode target = only.get("maps").get(0).get("targets").get(0);
        assertThat(target.get("props").get(0).get("value").asText()).isEqualTo("s3-bucket-logging-enabled");
        assertThat(collection.get("provenance").get("mapping-description").asText()).isEqualTo("Demo");
    }

    @Test
    void validatorRejectsBrokenMappingCollections() {
        ObjectNode valid = shipped("wa-config-rules");
        assertThat(OscalSchemas.violations(OscalSchemas.MAPPING, valid)).isEmpty();

        ObjectNode badRelationship = valid.deepCopy();
        firstMap(badRelationship).put("relationship", "similar-to");
        assertThat(OscalSchemas.violations(OscalSchemas.MAPPING, badRelationship)).isNotEmpty();

        ObjectNode noProvenance = valid.deepCopy();
        ((ObjectNode) noProvenance.get("mapping-collection")).remove("provenance");
        assertThat(OscalSchemas.violations(OscalSchemas.MAPPING, noProvenance)).isNotEmpty();

        ObjectNode badMethod = valid.deepCopy();
        ((ObjectNode) badMethod.get("mapping-collection").get("provenance")).put("method", "guesswork");
        assertThat(OscalSchemas.violations(OscalSchemas.MAPPING, badMethod)).isNotEmpty();

        ObjectNode badItemType = valid.deepCopy();
        ((ObjectNode) firstMap(badItemType).get("targets").get(0)).put("type", "config-rule");
        assertThat(OscalSchemas.violations(OscalSchemas.MAPPING, badItemType)).isNotEmpty();

        ObjectNode noTargets = valid.deepCopy();
        firstMap(noTargets).remove("targets");
        assertThat(OscalSchemas.violations(OscalSchemas.MAPPING, noTargets)).isNotEmpty();
    }

    @Test
    void nistSnapshotSchemaNeedsTheDocumentedCorrections() {
        // As saved, NIST's snapshot has no provenance (so it refuses the 1.2.0 assembly) and gives relationship an
        // object type together with a list of strings as its enum, which no value can satisfy.
        List<String> violations = OscalSchemas.violations(OscalSchemas.MAPPING_AS_PUBLISHED, shipped("wa-config-rules"));

        assertThat(violations).anySatisfy(message -> assertThat(message).contains("provenance"));
        assertThat(violations).anySatisfy(message -> assertThat(message).contains("relationship"));
    }

    private static ObjectNode firstMap(ObjectNode document) {
        return (ObjectNode) document.get("mapping-collection").get("mappings").get(0).get("maps").get(0);
    }

    private static List<JsonNode> maps(JsonNode collection) {
        return stream(collection.get("mappings")).flatMap(mapping -> stream(mapping.get("maps"))).toList();
    }

    private static JsonNode resource(JsonNode collection, String uuid) {
        return stream(collection.get("back-matter").get("resources"))
                .filter(r -> r.get("uuid").asText().equals(uuid)).findFirst().orElseThrow();
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return array == null ? Stream.empty() : StreamSupport.stream(array.spliterator(), false);
    }
}
