package dev.tousei.catalog.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.tousei.catalog.Control;
import dev.tousei.catalog.ControlDocument;

/** A control as served: its id, its version (send it back to update) and its definition. */
public record ControlView(String id, long version, @JsonUnwrapped ControlDocument definition) {

    static ControlView of(Control control) {
        return new ControlView(control.id, control.version, control.document);
    }
}
