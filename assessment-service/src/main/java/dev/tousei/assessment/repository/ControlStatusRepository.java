package dev.tousei.assessment.repository;

import dev.tousei.assessment.ControlStatusRow;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.hibernate.reactive.panache.Panache;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

@ApplicationScoped
public class ControlStatusRepository implements PanacheRepositoryBase<ControlStatusRow, ControlStatusRow.Key> {

    /**
     * Loads the status rows of these controls locked for this transaction, so the consumer and the staleness check
     * never both act on one control: one statement locks the existing rows in key order (the order every writer of
     * several rows uses; a plain SQL lock, as Hibernate Reactive's lock upgrade on an embedded id generates invalid
     * SQL), one loads them. Keys without a row yet are absent from the map.
     */
    public Uni<Map<ControlStatusRow.Key, ControlStatusRow>> findAllForUpdate(List<ControlStatusRow.Key> keys) {
        if (keys.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        StringBuilder sql = new StringBuilder("select 1 from control_status where (account_id, control_id) in (");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(?").append(2 * i + 1).append(", ?").append(2 * i + 2).append(')');
        }
        sql.append(") order by account_id, control_id for update");
        Set<ControlStatusRow.Key> wanted = new HashSet<>(keys);
        return Panache.getSession()
                .chain(session -> {
                    var lock = session.createNativeQuery(sql.toString(), Integer.class);
                    for (int i = 0; i < keys.size(); i++) {
                        lock.setParameter(2 * i + 1, keys.get(i).accountId());
                        lock.setParameter(2 * i + 2, keys.get(i).controlId());
                    }
                    return lock.getResultList();
                })
                .chain(() -> list("key.accountId in ?1 and key.controlId in ?2", KeyedRows.accounts(keys),
                        KeyedRows.controls(keys)))
                .chain(rows -> KeyedRows.only(rows, row -> row.key, wanted));
    }

    /** Every filter optional; bound parameters only. */
    public Uni<List<ControlStatusRow>> search(String framework, String account, String status, String control) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (framework != null) {
            query.append(" and frameworkId = :framework");
            parameters.and("framework", framework);
        }
        if (account != null) {
            query.append(" and key.accountId = :account");
            parameters.and("account", account);
        }
        if (status != null) {
            query.append(" and status = :status");
            parameters.and("status", status);
        }
        if (control != null) {
            query.append(" and key.controlId = :control");
            parameters.and("control", control);
        }
        return list(query + " order by key.controlId, key.accountId", parameters);
    }

    /** Keys only: each is then re-read under its lock. */
    public Uni<List<ControlStatusRow.Key>> dueBy(Instant now, int limit) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                        "select s.key from ControlStatusRow s where s.nextCheckAt <= :now order by s.nextCheckAt",
                        ControlStatusRow.Key.class)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList());
    }

    /** Number of statuses per status value, over every account and control. */
    public Uni<List<Object[]>> countByStatus() {
        return Panache.getSession().chain(session -> session.createQuery(
                "select s.status, count(s) from ControlStatusRow s group by s.status", Object[].class)
                .getResultList());
    }
}
