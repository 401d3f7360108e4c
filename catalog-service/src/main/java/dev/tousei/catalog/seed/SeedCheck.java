package dev.tousei.catalog.seed;

import dev.tousei.catalog.mapping.ControlMapper;
import dev.tousei.catalog.seed.CatalogSeed.SeedControl;
import dev.tousei.catalog.seed.CatalogSeed.SeedFramework;
import dev.tousei.catalog.seed.CatalogSeed.SeedMapping;
import dev.tousei.catalog.service.ControlRules;
import dev.tousei.events.catalog.ControlSnapshot.ControlKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the API would refuse, checked over the whole shipped catalog before it is imported: each control obeys
 * {@link ControlRules}, parents are groups of the same framework, no spelling resolves to two controls, and every
 * mapping names existing controls with an OSCAL relationship.
 */
public final class SeedCheck {

    static final Set<String> RELATIONSHIPS = Set.of("equivalent-to", "subset-of", "superset-of", "intersects-with");

    private final CatalogSeed seed;

    public SeedCheck(CatalogSeed seed) {
        this.seed = seed;
    }

    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Map<String, SeedControl> byId = new HashMap<>();
        Map<String, String> ownerOfAlias = new HashMap<>();
        for (SeedFramework framework : seed.frameworks()) {
            for (SeedControl control : framework.controls()) {
                if (byId.put(control.id(), control) != null) {
                    problems.add("id " + control.id() + " is used twice");
                }
                ControlRules.violations(control.id(), control.document())
                        .forEach(violation -> problems.add(control.id() + ": " + violation));
                for (String key : ControlMapper.aliasKeys(control.id(), control.document())) {
                    String owner = ownerOfAlias.putIfAbsent(key, control.id());
                    if (owner != null && !owner.equals(control.id())) {
                        problems.add("spelling " + key + " resolves to both " + owner + " and " + control.id());
                    }
                }
            }
        }
        byId.values().forEach(control -> checkParent(control, byId, problems));
        seed.mappingSets().forEach(set -> set.mappings().forEach(mapping -> checkMapping(set.id(), mapping, byId,
                problems)));
        return problems;
    }

    private static void checkParent(SeedControl control, Map<String, SeedControl> byId, List<String> problems) {
        String parentId = control.document().parentId();
        if (parentId == null) {
            return;
        }
        SeedControl parent = byId.get(parentId);
        if (parent == null || parent.document().kind() != ControlKind.GROUP
                || !parent.document().frameworkId().equals(control.document().frameworkId())) {
            problems.add(control.id() + ": parent " + parentId + " is not a group of the same framework");
        }
    }

    private static void checkMapping(String setId, SeedMapping mapping, Map<String, SeedControl> byId,
                                     List<String> problems) {
        for (CatalogSeed.Ref ref : List.of(mapping.source(), mapping.target())) {
            if ("CONTROL".equals(ref.kind()) && !byId.containsKey(ref.id())) {
                problems.add(setId + ": mapping names unknown control " + ref.id());
            }
        }
        if (!RELATIONSHIPS.contains(mapping.relationship())) {
            problems.add(setId + ": relationship " + mapping.relationship() + " is not OSCAL's vocabulary");
        }
    }
}
