package dev.tousei.evidence.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.evidence.chain.ChainLink;
import dev.tousei.evidence.chain.EvidenceHasher;
import dev.tousei.evidence.service.PreparedEvidence;
import dev.tousei.evidence.service.StoredEvidence;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Appends a batch of evidence in one transaction with multi-row statements: skips what is already stored (the
 * dedup key), locks the chain heads of the batch's accounts, links each new row to the previous one and moves the
 * heads. Plain SQL on the reactive client: this is the hot path, and per-entity persistence would cost a round trip
 * per row.
 */
@ApplicationScoped
public class EvidenceWriter {

    private final Pool pool;
    private final ObjectMapper objectMapper;

    EvidenceWriter(Pool pool, ObjectMapper objectMapper) {
        this.pool = pool;
        this.objectMapper = objectMapper;
    }

    /** @return the newly stored evidence, in chain order; duplicates of stored evidence are left out */
    public Uni<List<StoredEvidence>> append(List<PreparedEvidence> batch, Instant recordedAt) {
        Map<String, PreparedEvidence> unique = new LinkedHashMap<>();
        batch.forEach(evidence -> unique.putIfAbsent(evidence.dedupKey(), evidence));
        if (unique.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Instant at = recordedAt.truncatedTo(ChronoUnit.MICROS);
        return pool.withTransaction(connection -> alreadyStored(connection, unique.keySet())
                .chain(stored -> {
                    List<PreparedEvidence> fresh = unique.values().stream()
                            .filter(evidence -> !stored.contains(evidence.dedupKey())).toList();
                    if (fresh.isEmpty()) {
                        return Uni.createFrom().item(List.<StoredEvidence>of());
                    }
                    return lockHeads(connection, fresh)
                            .map(heads -> link(fresh, heads, at))
                            .call(links -> insert(connection, links))
                            .call(links -> moveHeads(connection, links));
                }));
    }

    private static Uni<Set<String>> alreadyStored(SqlConnection connection, Set<String> keys) {
        return connection.preparedQuery("select dedup_key from evidence where dedup_key = any($1)")
                .execute(Tuple.of(keys.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> found = new HashSet<>();
                    rows.forEach(row -> found.add(row.getString(0)));
                    return found;
                });
    }

    /** Heads are locked in account order, so two writers never wait on each other in a cycle. */
    private static Uni<Map<String, Head>> lockHeads(SqlConnection connection, List<PreparedEvidence> fresh) {
        String[] accounts = new TreeSet<>(fresh.stream().map(PreparedEvidence::accountId).toList())
                .toArray(String[]::new);
        return connection.preparedQuery("""
                        insert into chain_head (account_id, sequence, hash)
                        select account, 0, $2 from unnest($1::varchar[]) as account
                        on conflict (account_id) do nothing""")
                .execute(Tuple.of(accounts, ChainLink.GENESIS))
                .chain(() -> connection.preparedQuery("""
                                select account_id, sequence, hash from chain_head
                                where account_id = any($1) order by account_id for update""")
                        .execute(Tuple.of((Object) accounts)))
                .map(rows -> {
                    Map<String, Head> heads = new HashMap<>();
                    for (Row row : rows) {
                        heads.put(row.getString(0), new Head(row.getLong(1), row.getString(2)));
                    }
                    return heads;
                });
    }

    private static List<StoredEvidence> link(List<PreparedEvidence> fresh, Map<String, Head> heads, Instant at) {
        List<StoredEvidence> links = new ArrayList<>(fresh.size());
        for (PreparedEvidence evidence : fresh) {
            Head head = heads.get(evidence.accountId());
            ChainLink link = new ChainLink(evidence.accountId(), head.sequence() + 1, head.hash(), UUID.randomUUID(),
                    evidence.dedupKey(), evidence.sourceEventId(), evidence.detailType(), evidence.source(),
                    evidence.region(), evidence.eventTime().truncatedTo(ChronoUnit.MICROS), at,
                    EvidenceHasher.sha256(evidence.raw()), evidence.summary(), evidence.effects());
            String hash = EvidenceHasher.hash(link);
            heads.put(evidence.accountId(), new Head(link.sequence(), hash));
            links.add(new StoredEvidence(link, hash, evidence.raw()));
        }
        return links;
    }

    private Uni<Void> insert(SqlConnection connection, List<StoredEvidence> links) {
        List<Tuple> rows = new ArrayList<>(links.size());
        for (StoredEvidence stored : links) {
            ChainLink link = stored.link();
            rows.add(Tuple.wrap(new Object[] {
                link.evidenceId(), link.accountId(), link.sequence(), link.dedupKey(), link.sourceEventId(),
                link.detailType(), link.source(), link.region(), link.eventTime().atOffset(ZoneOffset.UTC),
                link.recordedAt().atOffset(ZoneOffset.UTC), link.summary().classUid(), link.summary().operation(),
                link.summary().resources().toArray(String[]::new),
                link.effects().stream().map(effect -> effect.controlId()).distinct().toArray(String[]::new),
                toJson(link.summary()), toJson(link.effects()), stored.raw(), link.prevHash(), stored.hash()}));
        }
        return connection.preparedQuery("""
                        insert into evidence (id, account_id, sequence, dedup_key, source_event_id, detail_type, source,
                            region, event_time, recorded_at, class_uid, operation, resources, control_ids, summary,
                            effects, raw, prev_hash, hash)
                        values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::text::jsonb, $16::text::jsonb,
                            $17, $18, $19)""") // text parameters: a String bound to jsonb would be stored as a JSON string
                .executeBatch(rows)
                .replaceWithVoid();
    }

    private static Uni<Void> moveHeads(SqlConnection connection, List<StoredEvidence> links) {
        Map<String, StoredEvidence> last = new LinkedHashMap<>();
        links.forEach(stored -> last.put(stored.link().accountId(), stored));
        List<Tuple> rows = last.values().stream()
                .map(stored -> Tuple.of(stored.link().accountId(), stored.link().sequence(), stored.hash()))
                .toList();
        return connection.preparedQuery("update chain_head set sequence = $2, hash = $3 where account_id = $1")
                .executeBatch(rows)
                .replaceWithVoid();
    }

    private String toJson(Object value) {
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise evidence", e);
        }
    }

    private record Head(long sequence, String hash) {
    }
}
