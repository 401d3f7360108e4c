package dev.tousei.assessment.repository;

import dev.tousei.assessment.ControlStatusRow;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Rows of many controls loaded with one statement: selected by account in ... and control in ... (a superset of the
 * wanted pairs), the unwanted ones detached so that the session does not write them back when it flushes.
 */
public final class KeyedRows {

    private KeyedRows() {
    }

    public static <R> Uni<Map<ControlStatusRow.Key, R>> only(List<R> rows, Function<R, ControlStatusRow.Key> key,
                                                           Set<ControlStatusRow.Key> wanted) {
        Map<ControlStatusRow.Key, R> kept = new HashMap<>();
        List<R> others = new ArrayList<>();
        for (R row : rows) {
            if (wanted.contains(key.apply(row))) {
                kept.put(key.apply(row), row);
            } else {
                others.add(row);
            }
        }
        if (others.isEmpty()) {
            return Uni.createFrom().item(kept);
        }
        return Panache.getSession().invoke(session -> others.forEach(session::detach)).replaceWith(kept);
    }

    public static Set<String> accounts(Collection<ControlStatusRow.Key> keys) {
        Set<String> accounts = new TreeSet<>();
        keys.forEach(key -> accounts.add(key.accountId()));
        return accounts;
    }

    public static Set<String> controls(Collection<ControlStatusRow.Key> keys) {
        Set<String> controls = new TreeSet<>();
        keys.forEach(key -> controls.add(key.controlId()));
        return controls;
    }
}
