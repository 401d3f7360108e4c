package dev.tousei.catalog.rest;

import dev.tousei.events.catalog.EvidenceRule;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The evidence rules of one control; {@code version} is the control's, for optimistic locking. */
public record EvidenceRulesView(String controlId, @NotNull Long version,
                                @NotNull @Size(max = 200) List<@NotNull EvidenceRule> rules) {
}
