package dev.tousei.catalog.oscal;

import static dev.tousei.catalog.oscal.OscalTypes.NODES;
import static dev.tousei.catalog.oscal.OscalTypes.NS;
import static dev.tousei.catalog.oscal.OscalTypes.controlId;
import static dev.tousei.catalog.oscal.OscalTypes.oscalProp;
import static dev.tousei.catalog.oscal.OscalTypes.prop;
import static dev.tousei.catalog.oscal.OscalTypes.prose;
import static dev.tousei.catalog.oscal.OscalTypes.putIfNotEmpty;
import static dev.tousei.catalog.oscal.OscalTypes.string;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tousei.catalog.Control;
import dev.tousei.catalog.ControlDocument;
import dev.tousei.catalog.ControlDocument.ConsiderationPoint;
import dev.tousei.catalog.ControlDocument.ImprovementItem;
import dev.tousei.catalog.ControlDocument.Reference;
import dev.tousei.catalog.Framework;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One framework of the catalog as an OSCAL 1.1.3 catalog ({@code {"catalog": {...}}}).
 *
 * <p>GROUP controls become OSCAL {@code groups} holding their requirements; requirements without a (known) group sit
 * directly under {@code catalog.controls}. Each control keeps our id, its English title, OSCAL's {@code label} prop
 * (the display id) and our own props and parts (namespace {@value OscalTypes#NS}): {@code title-ja}, {@code alias},
 * {@code responsibility} (class {@code aws} / {@code customer}), {@code assessment-mode}, {@code freshness},
 * {@code default-severity}; parts {@code statement} (English summary, with the Japanese one as a {@code summary-ja}
 * sub-part), {@code guidance}, {@code improvement-plan} and {@code consideration-points}; references become links.
 *
 * <p>The output depends only on its input: the uuid is name-based on framework id and catalog revision, and controls
 * are ordered by id with numbers compared as numbers ({@code fisc-t2} before {@code fisc-t10}).
 */
@ApplicationScoped
public class OscalCatalogExporter {

    public static final String OSCAL_VERSION = "1.1.3";

    /** Compares ids piecewise, digit runs by their numeric value. */
    static final Comparator<String> NATURAL_ORDER = OscalCatalogExporter::compareNaturally;

    private static final Pattern PIECE = Pattern.compile("\\d+|\\D+");

    /** The uuid of the framework's catalog at a revision. */
    public static String catalogUuid(String frameworkId, long revision) {
        return OscalTypes.uuid("catalog/" + frameworkId + "/revision/" + revision);
    }

    /**
     * @param controls the framework's controls (others are ignored)
     * @param revision the catalog revision the controls were read at
     * @param lastModified when that revision was made
     */
    public ObjectNode export(Framework framework, List<Control> controls, long revision, Instant lastModified) {
        List<Control> own = controls.stream()
                .filter(control -> framework.id.equals(control.frameworkId != null ? control.frameworkId
                        : control.document.frameworkId()))
                .sorted(Comparator.comparing((Control control) -> control.id, NATURAL_ORDER))
                .toList();

        Map<String, Control> groups = new LinkedHashMap<>();
        own.stream().filter(control -> control.document.kind() == ControlKind.GROUP)
                .forEach(group -> groups.put(group.id, group));
        Map<String, List<Control>> members = new LinkedHashMap<>();
        groups.keySet().forEach(id -> members.put(id, new ArrayList<>()));
        List<Control> ungrouped = new ArrayList<>();
        for (Control control : own) {
            if (control.document.kind() == ControlKind.GROUP) {
                continue;
            }
            String parent = control.document.parentId();
            if (parent != null && members.containsKey(parent)) {
                members.get(parent).add(control);
            } else {
                ungrouped.add(control);
            }
        }

        ObjectNode catalog = NODES.objectNode();
        catalog.put("uuid", catalogUuid(framework.id, revision));
        catalog.set("metadata", metadata(framework, revision, lastModified));
        ArrayNode groupNodes = NODES.arrayNode();
        groups.values().forEach(group -> groupNodes.add(group(group, members.get(group.id))));
        putIfNotEmpty(catalog, "groups", groupNodes);
        putIfNotEmpty(catalog, "controls", controls(ungrouped));

        ObjectNode root = NODES.objectNode();
        root.set("catalog", catalog);
        return root;
    }

    private static ObjectNode metadata(Framework framework, long revision, Instant lastModified) {
        ObjectNode metadata = NODES.objectNode();
        metadata.put("title", firstNonNull(string(framework.nameEn), string(framework.nameJa), framework.id));
        metadata.put("last-modified", OscalTypes.dateTime(lastModified));
        metadata.put("version", "revision " + revision);
        metadata.put("oscal-version", OSCAL_VERSION);
        ArrayNode props = NODES.arrayNode();
        prop(props, "framework-id", framework.id);
        prop(props, "title-ja", framework.nameJa);
        prop(props, "framework-version", framework.version);
        prop(props, "publisher", framework.publisher);
        prop(props, "source", framework.source);
        prop(props, "catalog-revision", Long.toString(revision));
        putIfNotEmpty(metadata, "props", props);
        return metadata;
    }

    private ObjectNode group(Control group, List<Control> requirements) {
        ControlDocument d = group.document;
        ObjectNode node = NODES.objectNode();
        node.put("id", controlId(group.id));
        node.put("title", title(group.id, d));
        putIfNotEmpty(node, "props", identityProps(d));
        ArrayNode parts = NODES.arrayNode();
        ObjectNode overview = summaryPart(controlId(group.id) + "_ovw", "overview", d);
        if (overview != null) {
            parts.add(overview);
        }
        putIfNotEmpty(node, "parts", parts);
        putIfNotEmpty(node, "controls", controls(requirements));
        return node;
    }

    private ArrayNode controls(List<Control> controls) {
        ArrayNode nodes = NODES.arrayNode();
        controls.forEach(control -> nodes.add(control(control)));
        return nodes;
    }

    private ObjectNode control(Control control) {
        ControlDocument d = control.document;
        String id = controlId(control.id);
        ObjectNode node = NODES.objectNode();
        node.put("id", id);
        node.put("title", title(control.id, d));

        ArrayNode props = identityProps(d);
        if (d.responsibility() != null) {
            prop(props, "responsibility", "aws", name(d.responsibility().aws()));
            prop(props, "responsibility", "customer", name(d.responsibility().customer()));
        }
        prop(props, "assessment-mode", name(d.assessmentMode()));
        prop(props, "freshness", d.freshness());
        prop(props, "default-severity", name(d.defaultSeverity()));
        putIfNotEmpty(node, "props", props);

        ArrayNode links = NODES.arrayNode();
        for (Reference reference : orEmpty(d.references())) {
            String href = reference == null ? null : OscalTypes.href(reference.url());
            if (href != null) {
                ObjectNode link = links.addObject().put("href", href).put("rel", "reference");
                String text = string(reference.title());
                if (text != null) {
                    link.put("text", text);
                }
            }
        }
        putIfNotEmpty(node, "links", links);

        ArrayNode parts = NODES.arrayNode();
        ObjectNode statement = summaryPart(id + "_smt", "statement", d);
        if (statement != null) {
            parts.add(statement);
        }
        String guidance = prose(d.guidanceJa());
        if (guidance != null) {
            parts.addObject().put("id", id + "_gdn").put("name", "guidance").put("prose", guidance);
        }
        ObjectNode plan = improvementPlan(id, orEmpty(d.improvementPlan()));
        if (plan != null) {
            parts.add(plan);
        }
        ObjectNode points = considerationPoints(id, orEmpty(d.considerationPoints()));
        if (points != null) {
            parts.add(points);
        }
        putIfNotEmpty(node, "parts", parts);
        return node;
    }

    /** label (OSCAL's own prop, the id as the source writes it), title-ja and the aliases. */
    private static ArrayNode identityProps(ControlDocument d) {
        ArrayNode props = NODES.arrayNode();
        oscalProp(props, "label", d.displayId());
        prop(props, "title-ja", d.titleJa());
        orEmpty(d.aliases()).forEach(alias -> prop(props, "alias", alias));
        return props;
    }

    /** An OSCAL part with the English summary as prose and the Japanese one as a sub-part; null if neither. */
    private static ObjectNode summaryPart(String partId, String name, ControlDocument d) {
        String english = prose(d.summaryEn());
        String japanese = prose(d.summaryJa());
        if (english == null && japanese == null) {
            return null;
        }
        ObjectNode part = NODES.objectNode().put("id", partId).put("name", name);
        if (english != null) {
            part.put("prose", english);
        }
        if (japanese != null) {
            part.putArray("parts").addObject()
                    .put("id", partId + ".ja").put("name", "summary-ja").put("ns", NS).put("prose", japanese);
        }
        return part;
    }

    private static ObjectNode improvementPlan(String id, List<ImprovementItem> items) {
        ArrayNode parts = NODES.arrayNode();
        int n = 0;
        for (ImprovementItem item : items) {
            if (item == null) {
                continue;
            }
            String title = string(item.titleJa());
            String summary = prose(item.summaryJa());
            if (title == null && summary == null) {
                continue;
            }
            ObjectNode part = parts.addObject()
                    .put("id", id + "_imp." + ++n).put("name", "improvement-item").put("ns", NS);
            if (title != null) {
                part.put("title", title);
            }
            if (summary != null) {
                part.put("prose", summary);
            }
        }
        return container(id + "_imp", "improvement-plan", parts);
    }

    private static ObjectNode considerationPoints(String id, List<ConsiderationPoint> points) {
        ArrayNode parts = NODES.arrayNode();
        int n = 0;
        for (ConsiderationPoint point : points) {
            if (point == null) {
                continue;
            }
            String pointId = id + "_csa." + (n + 1);
            ArrayNode details = NODES.arrayNode();
            addProseParts(details, pointId + ".vp", "viewpoint", orEmpty(point.viewpointsJa()));
            addProseParts(details, pointId + ".ax", "action-example", orEmpty(point.actionExamplesJa()));
            String item = string(point.itemJa());
            if (item == null && details.isEmpty()) {
                continue;
            }
            n++;
            ObjectNode part = parts.addObject().put("id", pointId).put("name", "consideration-point").put("ns", NS);
            if (item != null) {
                part.put("title", item);
            }
            putIfNotEmpty(part, "parts", details);
        }
        return container(id + "_csa", "consideration-points", parts);
    }

    private static void addProseParts(ArrayNode parts, String idPrefix, String name, List<String> texts) {
        int n = 0;
        for (String text : texts) {
            String prose = prose(text);
            if (prose != null) {
                parts.addObject().put("id", idPrefix + ++n).put("name", name).put("ns", NS).put("prose", prose);
            }
        }
    }

    private static ObjectNode container(String partId, String name, ArrayNode parts) {
        if (parts.isEmpty()) {
            return null;
        }
        ObjectNode container = NODES.objectNode().put("id", partId).put("name", name).put("ns", NS);
        container.set("parts", parts);
        return container;
    }

    private static String title(String id, ControlDocument d) {
        return firstNonNull(string(d.titleEn()), string(d.titleJa()), string(d.displayId()), id);
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static int compareNaturally(String a, String b) {
        Matcher left = PIECE.matcher(a);
        Matcher right = PIECE.matcher(b);
        while (left.find()) {
            if (!right.find()) {
                return 1;
            }
            String l = left.group();
            String r = right.group();
            int order;
            if (Character.isDigit(l.charAt(0)) && Character.isDigit(r.charAt(0))) {
                order = new BigInteger(l).compareTo(new BigInteger(r));
            } else {
                order = l.compareTo(r);
            }
            if (order != 0) {
                return order;
            }
        }
        return right.find() ? -1 : a.compareTo(b);
    }
}
