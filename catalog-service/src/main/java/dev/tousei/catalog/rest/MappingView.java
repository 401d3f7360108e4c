package dev.tousei.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tousei.catalog.ControlMapping;
import dev.tousei.catalog.service.MappingService;

/**
 * "source relationship target" with its provenance (the mapping set). {@code direction} says, when the mapping is
 * read from one control's side, whether that control is the source ({@code outgoing}) or the target.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MappingView(long id, String mappingSet, Ref source, String relationship, Ref target, String edition,
                          String note, String direction) {

    public record Ref(String kind, String id, String name) {
    }

    static MappingView of(ControlMapping mapping) {
        return from(mapping, null);
    }

    static MappingView seenFrom(ControlMapping mapping, String controlId) {
        boolean outgoing = MappingService.CONTROL.equals(mapping.sourceKind) && controlId.equals(mapping.sourceId);
        return from(mapping, outgoing ? "outgoing" : "incoming");
    }

    private static MappingView from(ControlMapping mapping, String direction) {
        return new MappingView(mapping.id, mapping.setId, new Ref(mapping.sourceKind, mapping.sourceId, null),
                mapping.relationship, new Ref(mapping.targetKind, mapping.targetId, mapping.targetName),
                mapping.edition, mapping.note, direction);
    }
}
