package dev.tousei.notification.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.events.catalog.ControlChanged;
import dev.tousei.events.catalog.ControlSnapshot;
import dev.tousei.notification.alert.ControlInfo;
import dev.tousei.notification.alert.Severity;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The controls' framework, display id, title and default severity, in memory, from the compacted catalog topic read
 * from its start: evidence names only control ids, and routes match on frameworks.
 */
@ApplicationScoped
public class CatalogCopy {

    private final Map<String, ControlInfo> controls = new ConcurrentHashMap<>();
    private final ObjectMapper objectMapper;

    CatalogCopy(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public ControlInfo control(String controlId) {
        return controlId == null ? null : controls.get(controlId);
    }

    public int size() {
        return controls.size();
    }

    @Incoming("catalog")
    void onControlChanged(String json) {
        if (json == null) {
            return; // a tombstone
        }
        try {
            ControlChanged change = objectMapper.readValue(json, ControlChanged.class);
            if (change.change() == ControlChanged.ChangeKind.DELETED || change.control() == null) {
                controls.remove(change.controlId());
                return;
            }
            ControlSnapshot control = change.control();
            controls.put(control.id(), new ControlInfo(control.id(), control.displayId(), control.frameworkId(),
                    control.titleEn() != null ? control.titleEn() : control.titleJa(),
                    control.defaultSeverity() == null ? Severity.MEDIUM : Severity.of(control.defaultSeverity().name())));
        } catch (Exception e) {
            Log.warnf("ignoring an unreadable catalog record: %s", e.getMessage());
        }
    }
}
