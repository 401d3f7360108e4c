package dev.tousei.catalog.oscal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.catalog.Control;
import dev.tousei.catalog.ControlDocument;
import dev.tousei.catalog.ControlDocument.ConsiderationPoint;
import dev.tousei.catalog.ControlDocument.ImprovementItem;
import dev.tousei.catalog.ControlDocument.Reference;
import dev.tousei.catalog.Framework;
import dev.tousei.catalog.mapping.ControlMapper;
import dev.tousei.events.catalog.ControlSnapshot.AssessmentMode;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import dev.tousei.events.catalog.ControlSnapshot.Responsibility;
import dev.tousei.events.catalog.ControlSnapshot.ResponsibilityMark;
import dev.tousei.events.catalog.ControlSnapshot.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The catalog export is valid against NIST's OSCAL 1.1.3 catalog schema and carries every field of a control. */
class OscalCatalogExporterTest {

    private static final Instant REVISED_AT = Instant.parse("2025-06-01T09:30:15.123456Z");
    private static final Pattern OSCAL_STRING = Pattern.compile("^\\S(.*\\S)?$");

    private final OscalCatalogExporter exporter = new OscalCatalogExporter();

    private static ObjectNode shipped(String frameworkId, long revision) {
        return new OscalCatalogExporter().export(ShippedCatalog.framework(frameworkId), ShippedCatalog.controls(),
                revision, REVISED_AT);
    }

    @Test
    void shippedWellArchitectedCatalogIsValidOscal() {
        ObjectNode document = shipped("aws-wa-security", 7);

        assertThat(OscalSchemas.violations(OscalSchemas.CATALOG, document)).isEmpty();
        JsonNode catalog = document.get("catalog");
        assertThat(catalog.get("groups")).hasSize(10);
        assertThat(catalog.has("controls")).isFalse();
        assertThat(requirements(catalog)).hasSize(56);
    }

    @Test
    void shippedFiscCatalogIsValidOscalWithAll52Requirements() {
        ObjectNode document = shipped("fisc-control-standards", 1);

        assertThat(OscalSchemas.violations(OscalSchemas.CATALOG, document)).isEmpty();
        JsonNode catalog = document.get("catalog");
        assertThat(requirements(catalog)).hasSize(52);
        assertThat(catalog.get("groups")).extracting(group -> group.get("id").asText())
                .containsExactly("fisc-t20", "fisc-t21", "fisc-t22", "fisc-t23", "fisc-t24");
        // items without a group come directly under the catalog, numbers in numeric order
        assertThat(catalog.get("controls")).extracting(control -> control.get("id").asText())
                .startsWith("fisc-t1", "fisc-t2", "fisc-t3")
                .endsWith("fisc-t19", "fisc-t25", "fisc-t26", "fisc-t27");
        JsonNode branch = control(catalog, "fisc-t20-3-1");
        assertThat(prop(branch, "label", null)).isEqualTo("統20 3-(1)");
        assertThat(branch.get("links")).isNotEmpty()
                .allSatisfy(link -> assertThat(link.get("rel").asText()).isEqualTo("reference"));
        assertThat(part(branch, "guidance").get("prose").asText()).isNotBlank();
    }

    @Test
    void wellArchitectedBestPracticeCarriesLabelTitlesPropsAndParts() {
        JsonNode catalog = shipped("aws-wa-security", 7).get("catalog");

        JsonNode sec04 = group(catalog, "sec04");
        assertThat(sec04.get("title").asText()).isEqualTo("How do you detect and investigate security events?");
        assertThat(prop(sec04, "label", null)).isEqualTo("SEC4");
        assertThat(sec04.get("controls")).extracting(control -> control.get("id").asText())
                .containsExactly("sec04-bp01", "sec04-bp02", "sec04-bp03", "sec04-bp04");

        JsonNode bp = control(catalog, "sec04-bp01");
        assertThat(bp.get("title").asText()).isEqualTo("Configure service and application logging");
        assertThat(prop(bp, "label", null)).isEqualTo("SEC4-1");
        assertThat(bp.get("props")).filteredOn(p -> p.get("name").asText().equals("label"))
                .allSatisfy(p -> assertThat(p.has("ns")).as("label is OSCAL's own prop").isFalse());
        assertThat(prop(bp, "title-ja", OscalTypes.NS)).isEqualTo("サービスとアプリケーションのログ記録を設定する");
        assertThat(values(bp, "alias")).containsExactly("SEC04-BP01", "SEC-4.1");
        assertThat(propWithClass(bp, "responsibility", "aws")).isEqualTo("INFORMATION");
        assertThat(propWithClass(bp, "responsibility", "customer")).isEqualTo("PRIMARY");
        assertThat(prop(bp, "assessment-mode", OscalTypes.NS)).isEqualTo("AUTOMATED");
        assertThat(prop(bp, "freshness", OscalTypes.NS)).isEqualTo("PT24H");
        assertThat(prop(bp, "default-severity", OscalTypes.NS)).isEqualTo("HIGH");

        JsonNode statement = part(bp, "statement");
        assertThat(statement.get("id").asText()).isEqualTo("sec04-bp01_smt");
        assertThat(statement.get("prose").asText()).startsWith("Configure logging across the whole workload");
        assertThat(statement.get("parts").get(0).get("name").asText()).isEqualTo("summary-ja");
        assertThat(statement.get("parts").get(0).get("prose").asText()).startsWith("アプリケーションログ");

        JsonNode plan = part(bp, "improvement-plan");
        assertThat(plan.get("ns").asText()).isEqualTo(OscalTypes.NS);
        assertThat(plan.get("parts")).hasSize(7);
        assertThat(plan.get("parts").get(3).get("title").asText()).isEqualTo("Amazon GuardDuty を設定する");

        JsonNode points = part(bp, "consideration-points");
        JsonNode first = points.get("parts").get(0);
        assertThat(first.get("name").asText()).isEqualTo("consideration-point");
        assertThat(first.get("title").asText()).isEqualTo("調査・分析要件の検討");
        assertThat(first.get("parts")).extracting(sub -> sub.get("name").asText())
                .contains("viewpoint", "action-example");
    }

    @Test
    void sameRevisionExportsTheSameDocumentAndUuid() {
        ObjectNode first = shipped("aws-wa-security", 3);
        ObjectNode again = shipped("aws-wa-security", 3);
        ObjectNode next = shipped("aws-wa-security", 4);

        assertThat(again).isEqualTo(first);
        String uuid = first.get("catalog").get("uuid").asText();
        assertThat(uuid).isEqualTo(OscalCatalogExporter.catalogUuid("aws-wa-security", 3))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(next.get("catalog").get("uuid").asText()).isNotEqualTo(uuid);
        assertThat(first.get("catalog").get("metadata").get("version").asText()).isEqualTo("revision 3");
        assertThat(first.get("catalog").get("metadata").get("last-modified").asText())
                .isEqualTo("2025-06-01T09:30:15Z");
        assertThat(first.get("catalog").get("metadata").get("oscal-version").asText()).isEqualTo("1.1.3");
    }

    @Test
    void uuidsAreRfc4122Version5() {
        // expected values from Python: uuid.uuid5(UUID('0b1d6a4e-3c55-4f57-9a1e-6f1c2b7d9e40'), name)
        assertThat(OscalTypes.uuid("catalog/aws-wa-security/revision/1"))
                .isEqualTo("61aeb2ed-4e2b-57c6-b536-1382c804ffa6");
        assertThat(OscalTypes.uuid("カタログ")).isEqualTo("8886413d-e9ed-5b09-b83a-22506c174dc1");
    }

    @Test
    void frameworkPublisherAndSourceAreMetadataProps() {
        JsonNode metadata = shipped("fisc-control-standards", 1).get("catalog").get("metadata");

        assertThat(metadata.get("title").asText()).startsWith("FISC Security Guidelines");
        assertThat(prop(metadata, "publisher", OscalTypes.NS)).startsWith("The Center for Financial Industry");
        assertThat(prop(metadata, "source", OscalTypes.NS)).startsWith("金融機関向け AWS FISC安全対策基準対応リファレンス");
        assertThat(prop(metadata, "framework-id", OscalTypes.NS)).isEqualTo("fisc-control-standards");
    }

    @Test
    void emptyValuesAreLeftOutAndTextIsTrimmedToOscalStrings() {
        Framework framework = framework("demo");
        Control group = control("grp-1", new ControlDocument("demo", "G1", List.of(), null, ControlKind.GROUP,
                "グループ", "  Group one  ", null, "  ", null, null, null, null, null, null, null, null, null));
        Control requirement = control("grp-1-a", new ControlDocument("demo", " G1-a\n", List.of("", "  ", "GA"),
                "grp-1", ControlKind.REQUIREMENT, " 要件\tA ", "Requirement\n  A", "  要約。 ", "Summary.",
                new Responsibility(ResponsibilityMark.NONE, null), AssessmentMode.BOTH, " ", Severity.LOW, "  ",
                List.of(new Reference("  ", "https://example.com/a b"), new Reference(null, "https://example.com/ok")),
                List.of(new ImprovementItem(" ", null), new ImprovementItem("Item", " ")),
                List.of(new ConsiderationPoint(" ", List.of(" "), List.of()),
                        new ConsiderationPoint("Point", List.of("", "View"), List.of("Act"))),
                List.of()));
        // a digit-first id is not an OSCAL token, and an unknown parent puts the control under the catalog
        Control orphan = control("9-orphan", new ControlDocument("demo", "9", null, "missing", ControlKind.REQUIREMENT,
                null, "Orphan", null, null, null, null, null, null, null, null, null, null, null));

        ObjectNode document = exporter.export(framework, List.of(orphan, requirement, group), 1, REVISED_AT);

        assertThat(OscalSchemas.violations(OscalSchemas.CATALOG, document)).isEmpty();
        JsonNode catalog = document.get("catalog");
        assertThat(catalog.get("controls")).extracting(c -> c.get("id").asText()).containsExactly("_9-orphan");
        JsonNode g = group(catalog, "grp-1");
        assertThat(g.get("title").asText()).isEqualTo("Group one");
        assertThat(g.has("parts")).as("no summary, no overview").isFalse();
        JsonNode a = control(catalog, "grp-1-a");
        assertThat(a.get("title").asText()).isEqualTo("Requirement A");
        assertThat(prop(a, "label", null)).isEqualTo("G1-a");
        assertThat(prop(a, "title-ja", OscalTypes.NS)).isEqualTo("要件 A");
        assertThat(values(a, "alias")).containsExactly("GA");
        assertThat(propWithClass(a, "responsibility", "aws")).isEqualTo("NONE");
        assertThat(propWithClass(a, "responsibility", "customer")).isNull();
        assertThat(prop(a, "freshness", OscalTypes.NS)).isNull();
        assertThat(a.get("links")).extracting(link -> link.get("href").asText())
                .containsExactly("https://example.com/ok");
        assertThat(part(a, "guidance")).isNull();
        assertThat(part(a, "improvement-plan").get("parts")).hasSize(1);
        JsonNode point = part(a, "consideration-points").get("parts");
        assertThat(point).hasSize(1);
        assertThat(point.get(0).get("id").asText()).isEqualTo("grp-1-a_csa.1");
        assertThat(point.get(0).get("parts")).extracting(p -> p.get("id").asText())
                .containsExactly("grp-1-a_csa.1.vp1", "grp-1-a_csa.1.ax1");
        assertThat(allPropValues(catalog)).allMatch(value -> OSCAL_STRING.matcher(value).matches());
    }

    @Test
    void validatorRejectsBrokenCatalogs() {
        ObjectNode valid = shipped("aws-wa-security", 1);
        assertThat(OscalSchemas.violations(OscalSchemas.CATALOG, valid)).isEmpty();

        ObjectNode paddedProp = valid.deepCopy();
        ((ObjectNode) firstControl(paddedProp).get("props").get(0)).put("value", " SEC1-1");
        assertThat(OscalSchemas.violations(OscalSchemas.CATALOG, paddedProp)).isNotEmpty();

        ObjectNode badId = valid.deepCopy();
        firstControl(badId).put("id", "1-not-a-token");
        assertThat(OscalSchemas.violations(OscalSchemas.CATALOG, badId)).isNotEmpty();

        ObjectNode noTitle = valid.deepCopy();
        firstControl(noTitle).remove("title");
        assertThat(OscalSchemas.violations(OscalSchemas.CATALOG, noTitle)).isNotEmpty();

        ObjectNode badUuid = valid.deepCopy();
        ((ObjectNode) badUuid.get("catalog")).put("uuid", "not-a-uuid");
        assertThat(OscalSchemas.violations(OscalSchemas.CATALOG, badUuid)).isNotEmpty();

        ObjectNode unknownField = valid.deepCopy();
        firstControl(unknownField).put("display-id", "SEC1-1");
        assertThat(OscalSchemas.violations(OscalSchemas.CATALOG, unknownField)).isNotEmpty();
    }

    private static ObjectNode firstControl(ObjectNode document) {
        return (ObjectNode) document.get("catalog").get("groups").get(0).get("controls").get(0);
    }

    private static Framework framework(String id) {
        Framework framework = new Framework();
        framework.id = id;
        framework.nameEn = "Demo framework";
        return framework;
    }

    private static Control control(String id, ControlDocument document) {
        Control control = new Control();
        control.id = id;
        ControlMapper.apply(control, document);
        return control;
    }

    private static List<JsonNode> requirements(JsonNode catalog) {
        List<JsonNode> all = new ArrayList<>();
        stream(catalog.get("controls")).forEach(all::add);
        stream(catalog.get("groups")).flatMap(group -> stream(group.get("controls"))).forEach(all::add);
        return all;
    }

    private static JsonNode group(JsonNode catalog, String id) {
        return stream(catalog.get("groups")).filter(g -> g.get("id").asText().equals(id)).findFirst().orElseThrow();
    }

    private static JsonNode control(JsonNode catalog, String id) {
        return requirements(catalog).stream().filter(c -> c.get("id").asText().equals(id)).findFirst().orElseThrow();
    }

    private static JsonNode part(JsonNode control, String name) {
        return stream(control.get("parts")).filter(p -> p.get("name").asText().equals(name)).findFirst().orElse(null);
    }

    private static String prop(JsonNode owner, String name, String ns) {
        return stream(owner.get("props"))
                .filter(p -> p.get("name").asText().equals(name))
                .filter(p -> Objects.equals(ns, p.has("ns") ? p.get("ns").asText() : null))
                .map(p -> p.get("value").asText()).findFirst().orElse(null);
    }

    private static String propWithClass(JsonNode owner, String name, String propClass) {
        return stream(owner.get("props"))
                .filter(p -> p.get("name").asText().equals(name) && p.path("class").asText().equals(propClass))
                .map(p -> p.get("value").asText()).findFirst().orElse(null);
    }

    private static List<String> values(JsonNode owner, String name) {
        return stream(owner.get("props")).filter(p -> p.get("name").asText().equals(name))
                .map(p -> p.get("value").asText()).toList();
    }

    private static List<String> allPropValues(JsonNode node) {
        List<String> values = new ArrayList<>();
        if (node.isObject()) {
            if (node.has("props")) {
                stream(node.get("props")).forEach(p -> values.add(p.get("value").asText()));
            }
            node.elements().forEachRemaining(child -> values.addAll(allPropValues(child)));
        } else if (node.isArray()) {
            node.elements().forEachRemaining(child -> values.addAll(allPropValues(child)));
        }
        return values;
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        return array == null ? Stream.empty() : StreamSupport.stream(array.spliterator(), false);
    }
}
