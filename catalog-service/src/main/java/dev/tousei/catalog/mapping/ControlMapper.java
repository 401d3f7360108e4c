package dev.tousei.catalog.mapping;

import dev.tousei.catalog.AliasKey;
import dev.tousei.catalog.Control;
import dev.tousei.catalog.ControlDocument;
import dev.tousei.catalog.repository.ControlQuery;
import dev.tousei.events.catalog.ControlSnapshot;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Derives a control row's filter columns, alias keys and event snapshot from its document. */
public final class ControlMapper {

    private ControlMapper() {
    }

    public static void apply(Control control, ControlDocument document) {
        control.document = document;
        control.frameworkId = document.frameworkId();
        control.parentId = document.parentId();
        control.displayId = document.displayId();
        control.kind = document.kind().name();
        control.assessmentMode = document.assessmentMode() == null ? null : document.assessmentMode().name();
        control.awsResponsibility = document.responsibility() == null || document.responsibility().aws() == null
                ? null : document.responsibility().aws().name();
        control.customerResponsibility = document.responsibility() == null
                || document.responsibility().customer() == null ? null : document.responsibility().customer().name();
        control.searchText = searchText(control.id, document);
    }

    /** Every spelling that must resolve to the control: its id, its display id and its aliases. */
    public static Set<String> aliasKeys(String id, ControlDocument document) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(AliasKey.of(id));
        if (document.displayId() != null) {
            keys.add(AliasKey.of(document.displayId()));
        }
        if (document.aliases() != null) {
            document.aliases().stream().filter(Objects::nonNull).map(AliasKey::of).forEach(keys::add);
        }
        return keys;
    }

    public static ControlSnapshot toSnapshot(String id, long version, ControlDocument document,
                                             List<String> awsConfigRules) {
        return new ControlSnapshot(id, document.displayId(), nullToEmpty(document.aliases()), document.frameworkId(),
                document.parentId(), document.kind(), document.titleJa(), document.titleEn(),
                document.responsibility(), document.assessmentMode(), document.freshness(),
                document.defaultSeverity(), nullToEmpty(document.evidenceRules()), awsConfigRules, version);
    }

    private static String searchText(String id, ControlDocument document) {
        Stream<String> own = Stream.of(id, document.displayId(), document.titleJa(), document.titleEn(),
                document.summaryJa(), document.summaryEn(), document.guidanceJa());
        Stream<String> aliases = nullToEmpty(document.aliases()).stream();
        Stream<String> plan = nullToEmpty(document.improvementPlan()).stream()
                .flatMap(item -> Stream.of(item.titleJa(), item.summaryJa()));
        Stream<String> points = nullToEmpty(document.considerationPoints()).stream()
                .flatMap(point -> Stream.concat(Stream.of(point.itemJa()),
                        Stream.concat(nullToEmpty(point.viewpointsJa()).stream(),
                                nullToEmpty(point.actionExamplesJa()).stream())));
        return Stream.of(own, aliases, plan, points).flatMap(s -> s)
                .filter(Objects::nonNull)
                .map(ControlQuery::searchForm)
                .collect(Collectors.joining("\n"));
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
