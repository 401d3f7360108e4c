package dev.tousei.catalog.oscal;

import static dev.tousei.catalog.oscal.OscalTypes.NODES;
import static dev.tousei.catalog.oscal.OscalTypes.controlId;
import static dev.tousei.catalog.oscal.OscalTypes.prop;
import static dev.tousei.catalog.oscal.OscalTypes.prose;
import static dev.tousei.catalog.oscal.OscalTypes.putIfNotEmpty;
import static dev.tousei.catalog.oscal.OscalTypes.string;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.catalog.ControlMapping;
import dev.tousei.catalog.MappingSet;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One mapping set as an OSCAL 1.2.0 mapping collection ({@code {"mapping-collection": {...}}}).
 *
 * <p>Each mapping "source relationship target" becomes a {@code map} (our relationships are OSCAL's vocabulary, in the
 * same direction). Maps are grouped into one {@code mapping} per pair of resources: a {@code CONTROL} end belongs to
 * the OSCAL catalog export of its framework (the resource reference's href is that export's URL); every other kind
 * ({@code AWS_CONFIG_RULE}, {@code PROWLER_CHECK}, {@code FISC_PRACTICE}, ...) is a back-matter resource of its own,
 * referenced by {@code #uuid}. The set's provenance (text and URL) is kept in {@code provenance} and as a back-matter
 * resource.
 *
 * <p>UUIDs are name-based: the collection's on set id and catalog revision, each mapping's on its resource pair and
 * each map's on its content, so they stay the same across revisions as OSCAL asks.
 */
@ApplicationScoped
public class OscalMappingExporter {

    public static final String OSCAL_VERSION = "1.2.0";

    private static final String CONTROL = "CONTROL";

    /** Kinds whose items are automated checks: mapping a requirement to them is about results, i.e. functional. */
    private static final Set<String> CHECK_KINDS = Set.of("AWS_CONFIG_RULE", "PROWLER_CHECK", "SECURITY_HUB_CONTROL");

    private static final Map<String, String> KIND_TITLES = Map.of(
            "AWS_CONFIG_RULE", "AWS Config managed rules",
            "PROWLER_CHECK", "Prowler checks for AWS",
            "SECURITY_HUB_CONTROL", "AWS Security Hub controls",
            "FISC_PRACTICE", "FISC Security Guidelines: practice standards (実務基準)",
            "WA_QUESTION", "AWS Well-Architected Framework questions",
            "WA_PILLAR", "AWS Well-Architected Framework pillars",
            "WA_LENS", "AWS Well-Architected lenses",
            "FSI_LENS", "AWS Well-Architected Financial Services Industry Lens for FISC",
            "CONTROL_NOT_IN_CATALOG", "tousei catalog controls that the catalog no longer has at this revision");

    /**
     * What the export needs of the catalog.
     *
     * @param revision the catalog revision the mappings are exported at
     * @param lastModified when that revision was made
     * @param frameworkOfControl the framework of each control of the catalog, by control id
     * @param catalogHref the URL of the OSCAL catalog export of a framework, by framework id
     */
    public record CatalogContext(long revision, Instant lastModified, Map<String, String> frameworkOfControl,
                                 Function<String, String> catalogHref) {
    }

    /** Our relationship as OSCAL's: the vocabulary is OSCAL's already, so this only refuses anything else. */
    static String relationship(String ours) {
        return switch (ours == null ? "" : ours) {
            case "equivalent-to" -> "equivalent-to";
            case "subset-of" -> "subset-of";
            case "superset-of" -> "superset-of";
            case "intersects-with" -> "intersects-with";
            default -> throw new IllegalArgumentException("relationship '" + ours + "' has no OSCAL equivalent");
        };
    }

    /**
     * @param mappings the mappings of the set, in the order they are to appear
     */
    public ObjectNode export(MappingSet set, List<ControlMapping> mappings, CatalogContext catalog) {
        String base = "mapping-collection/" + set.id;
        Resources resources = new Resources(base, catalog);
        Map<String, ObjectNode> byResourcePair = new LinkedHashMap<>();
        Set<String> mapUuids = new HashSet<>();
        boolean allChecks = !mappings.isEmpty();

        for (ControlMapping mapping : mappings) {
            End source = resources.end(mapping.sourceKind, mapping.sourceId, null);
            End target = resources.end(mapping.targetKind, mapping.targetId, mapping.targetName);
            if (source == null || target == null) {
                continue;
            }
            allChecks &= CHECK_KINDS.contains(mapping.sourceKind) || CHECK_KINDS.contains(mapping.targetKind);
            String pairKey = source.resourceKey() + "->" + target.resourceKey();
            ObjectNode group = byResourcePair.computeIfAbsent(pairKey, key -> {
                ObjectNode node = NODES.objectNode();
                node.put("uuid", OscalTypes.uuid(base + "/mapping/" + key));
                node.set("source-resource", source.resource());
                node.set("target-resource", target.resource());
                node.putArray("maps");
                return node;
            });
            ((ArrayNode) group.get("maps")).add(map(base, mapping, source, target, mapUuids));
        }

        ObjectNode collection = NODES.objectNode();
        collection.put("uuid", OscalTypes.uuid(base + "/revision/" + catalog.revision()));
        collection.set("metadata", metadata(set, catalog));
        collection.set("provenance", provenance(set, allChecks, resources));
        ArrayNode mappingNodes = collection.putArray("mappings");
        byResourcePair.values().forEach(mappingNodes::add);
        ObjectNode backMatter = collection.putObject("back-matter");
        backMatter.set("resources", resources.backMatter(set));

        ObjectNode root = NODES.objectNode();
        root.set("mapping-collection", collection);
        return root;
    }

    private static ObjectNode metadata(MappingSet set, CatalogContext catalog) {
        ObjectNode metadata = NODES.objectNode();
        metadata.put("title", firstNonNull(string(set.title), set.id));
        metadata.put("last-modified", OscalTypes.dateTime(catalog.lastModified()));
        metadata.put("version", "revision " + catalog.revision());
        metadata.put("oscal-version", OSCAL_VERSION);
        ArrayNode props = metadata.putArray("props");
        prop(props, "mapping-set-id", set.id);
        prop(props, "catalog-revision", Long.toString(catalog.revision()));
        return metadata;
    }

    /**
     * The mappings were made by people (the public sources') and are republished as they are. Mapping requirements to
     * automated checks compares what the checks achieve (functional); anything else compares meanings (semantic).
     */
    private static ObjectNode provenance(MappingSet set, boolean allChecks, Resources resources) {
        ObjectNode provenance = NODES.objectNode();
        provenance.put("method", "human");
        provenance.put("matching-rationale", allChecks ? "functional" : "semantic");
        provenance.put("status", "complete");
        StringBuilder description = new StringBuilder(firstNonNull(prose(set.title), set.id));
        String source = prose(set.provenance);
        if (source != null) {
            description.append("\n\nSource: ").append(source);
        }
        String url = OscalTypes.href(set.provenanceUrl);
        if (url != null) {
            description.append("\n\n<").append(url).append('>');
        }
        provenance.put("mapping-description", description.toString());
        ArrayNode links = provenance.putArray("links");
        links.addObject().put("href", "#" + resources.provenanceUuid()).put("rel", "reference")
                .put("text", "Provenance of mapping set " + set.id);
        if (url != null) {
            links.addObject().put("href", url).put("rel", "source");
        }
        return provenance;
    }

    private static ObjectNode map(String base, ControlMapping mapping, End source, End target, Set<String> used) {
        String relationship = relationship(mapping.relationship);
        String content = mapping.sourceKind + ":" + mapping.sourceId + " " + relationship + " "
                + mapping.targetKind + ":" + mapping.targetId + (mapping.edition == null ? "" : " @" + mapping.edition);
        String uuid = OscalTypes.uuid(base + "/map/" + content);
        for (int n = 2; !used.add(uuid); n++) {
            uuid = OscalTypes.uuid(base + "/map/" + content + " #" + n);
        }
        ObjectNode map = NODES.objectNode();
        map.put("uuid", uuid);
        ArrayNode props = NODES.arrayNode();
        prop(props, "edition", mapping.edition);
        putIfNotEmpty(map, "props", props);
        map.put("relationship", relationship);
        map.putArray("sources").add(source.item());
        map.putArray("targets").add(target.item());
        String note = prose(mapping.note);
        if (note != null) {
            map.put("remarks", note);
        }
        return map;
    }

    /** One end of a mapping: the resource it belongs to and the mapping item naming it there. */
    private record End(String resourceKey, ObjectNode resource, ObjectNode item) {
    }

    /** The resources the ends belong to, and the back-matter resources that describe them. */
    private static final class Resources {

        private final String base;
        private final CatalogContext catalog;
        private final Map<String, String> externalKinds = new LinkedHashMap<>();

        Resources(String base, CatalogContext catalog) {
            this.base = base;
            this.catalog = catalog;
        }

        String provenanceUuid() {
            return OscalTypes.uuid(base + "/resource/provenance");
        }

        /** Null when the id is empty, which no OSCAL mapping item can name. */
        End end(String kind, String id, String name) {
            String framework = CONTROL.equals(kind) ? catalog.frameworkOfControl().get(id) : null;
            String idRef = framework != null ? controlId(id) : string(id);
            if (idRef == null) {
                return null;
            }
            ObjectNode item = NODES.objectNode().put("type", "control").put("id-ref", idRef);
            ArrayNode itemProps = NODES.arrayNode();
            prop(itemProps, "name", name);
            putIfNotEmpty(item, "props", itemProps);

            ObjectNode resource = NODES.objectNode().put("type", "catalog");
            ArrayNode resourceProps = NODES.arrayNode();
            String key;
            if (framework != null) {
                key = "catalog:" + framework;
                resource.put("href", catalog.catalogHref().apply(framework));
                prop(resourceProps, "framework-id", framework);
            } else {
                // a kind of its own; also a CONTROL whose id the catalog no longer has at this revision
                String resourceKind = CONTROL.equals(kind) ? "CONTROL_NOT_IN_CATALOG" : kind;
                key = "kind:" + resourceKind;
                externalKinds.putIfAbsent(resourceKind, OscalTypes.uuid(base + "/resource/" + key));
                resource.put("href", "#" + externalKinds.get(resourceKind));
                prop(resourceProps, "resource-kind", resourceKind);
            }
            putIfNotEmpty(resource, "props", resourceProps);
            return new End(key, resource, item);
        }

        ArrayNode backMatter(MappingSet set) {
            ArrayNode resources = NODES.arrayNode();
            ObjectNode provenance = resources.addObject();
            provenance.put("uuid", provenanceUuid());
            provenance.put("title", "Provenance of mapping set " + set.id);
            prop(provenance.putArray("props"), "mapping-set-id", set.id);
            String citation = string(set.provenance);
            if (citation != null) {
                provenance.putObject("citation").put("text", citation);
            }
            String url = OscalTypes.href(set.provenanceUrl);
            if (url != null) {
                provenance.putArray("rlinks").addObject().put("href", url);
            }
            externalKinds.forEach((kind, uuid) -> {
                ObjectNode resource = resources.addObject();
                resource.put("uuid", uuid);
                resource.put("title", KIND_TITLES.getOrDefault(kind, "Items of kind " + kind));
                prop(resource.putArray("props"), "resource-kind", kind);
            });
            return resources;
        }
    }

    private static String firstNonNull(String first, String second) {
        return first != null ? first : second;
    }
}
