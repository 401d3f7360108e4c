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
import java.time.OffsetDateTime;
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
        long millis = at.toEpochMilli();
        for (PreparedEvidence evidence : fresh) {
            Head head = heads.get(evidence.accountId());
            ChainLink link = new ChainLink(evidence.accountId(), head.sequence() + 1, head.hash(),
                    EvidenceIds.next(millis), evidence.dedupKey(), evidence.sourceEventId(), evidence.detailType(),
                    evidence.source(), evidence.region(), evidence.eventTime().truncatedTo(ChronoUnit.MICROS), at,
                    EvidenceHasher.sha256(evidence.raw()), evidence.summary(), evidence.effects());
            String hash = EvidenceHasher.hash(link);
            heads.put(evidence.accountId(), new Head(link.sequence(), hash));
            links.add(new StoredEvidence(link, hash, evidence.raw(), evidence.traceparent()));
        }
        return links;
    }

    /**
     * One statement for the whole batch: each column travels as one array parameter and {@code unnest} turns them back
     * into rows, so PostgreSQL parses, plans and executes once instead of once per row. Array-valued columns travel
     * as array literals ({@link #arrayLiteral}) because unnest would flatten a two-dimensional array.
     */
    private Uni<Void> insert(SqlConnection connection, List<StoredEvidence> links) {
        int n = links.size();
        UUID[] ids = new UUID[n];
        String[] accounts = new String[n];
        Long[] sequences = new Long[n];
        String[] dedupKeys = new String[n];
        String[] sourceEventIds = new String[n];
        String[] detailTypes = new String[n];
        String[] sources = new String[n];
        String[] regions = new String[n];
        OffsetDateTime[] eventTimes = new OffsetDateTime[n];
        OffsetDateTime[] recordedAts = new OffsetDateTime[n];
        Integer[] classUids = new Integer[n];
        String[] operations = new String[n];
        String[] resources = new String[n];
        String[] controlIds = new String[n];
        String[] summaries = new String[n];
        String[] effects = new String[n];
        String[] raws = new String[n];
        String[] prevHashes = new String[n];
        String[] hashes = new String[n];
        String[] traceparents = new String[n];
        for (int i = 0; i < n; i++) {
            StoredEvidence stored = links.get(i);
            ChainLink link = stored.link();
            ids[i] = link.evidenceId();
            accounts[i] = link.accountId();
            sequences[i] = link.sequence();
            dedupKeys[i] = link.dedupKey();
            sourceEventIds[i] = link.sourceEventId();
            detailTypes[i] = link.detailType();
            sources[i] = link.source();
            regions[i] = link.region();
            eventTimes[i] = link.eventTime().atOffset(ZoneOffset.UTC);
            recordedAts[i] = link.recordedAt().atOffset(ZoneOffset.UTC);
            classUids[i] = link.summary().classUid();
            operations[i] = link.summary().operation();
            resources[i] = arrayLiteral(link.summary().resources());
            controlIds[i] = arrayLiteral(link.effects().stream().map(effect -> effect.controlId()).distinct()
                    .toList());
            summaries[i] = toJson(link.summary());
            effects[i] = toJson(link.effects());
            raws[i] = stored.raw();
            prevHashes[i] = link.prevHash();
            hashes[i] = stored.hash();
            traceparents[i] = stored.traceparent();
        }
        return connection.preparedQuery("""
                        insert into evidence (id, account_id, sequence, dedup_key, source_event_id, detail_type, source,
                            region, event_time, recorded_at, class_uid, operation, resources, control_ids, summary,
                            effects, raw, prev_hash, hash, traceparent)
                        select id, account_id, sequence, dedup_key, source_event_id, detail_type, source, region,
                            event_time, recorded_at, class_uid, operation, resources::text[], control_ids::text[],
                            summary::jsonb, effects::jsonb, raw, prev_hash, hash, traceparent
                        from unnest($1::uuid[], $2::varchar[], $3::bigint[], $4::text[], $5::text[], $6::text[],
                            $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[], $11::int[], $12::text[],
                            $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[],
                            $20::text[])
                            as t(id, account_id, sequence, dedup_key, source_event_id, detail_type, source, region,
                                 event_time, recorded_at, class_uid, operation, resources, control_ids, summary,
                                 effects, raw, prev_hash, hash, traceparent)""")
                .execute(Tuple.wrap(new Object[] {ids, accounts, sequences, dedupKeys, sourceEventIds, detailTypes,
                    sources, regions, eventTimes, recordedAts, classUids, operations, resources, controlIds, summaries,
                    effects, raws, prevHashes, hashes, traceparents}))
                .replaceWithVoid();
    }

    /** A PostgreSQL array literal of text elements, each quoted (so commas, braces and NULL stay text). */
    static String arrayLiteral(List<String> values) {
        StringBuilder literal = new StringBuilder(2 + values.size() * 24).append('{');
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"');
            String value = values.get(i);
            for (int c = 0; c < value.length(); c++) {
                char ch = value.charAt(c);
                if (ch == '"' || ch == '\\') {
                    literal.append('\\');
                }
                literal.append(ch);
            }
            literal.append('"');
        }
        return literal.append('}').toString();
    }

    private static Uni<Void> moveHeads(SqlConnection connection, List<StoredEvidence> links) {
        Map<String, StoredEvidence> last = new LinkedHashMap<>();
        links.forEach(stored -> last.put(stored.link().accountId(), stored));
        String[] accounts = last.keySet().toArray(String[]::new);
        Long[] sequences = last.values().stream().map(stored -> stored.link().sequence()).toArray(Long[]::new);
        String[] hashes = last.values().stream().map(StoredEvidence::hash).toArray(String[]::new);
        return connection.preparedQuery("""
                        update chain_head h set sequence = t.sequence, hash = t.hash
                        from unnest($1::varchar[], $2::bigint[], $3::text[]) as t(account_id, sequence, hash)
                        where h.account_id = t.account_id""")
                .execute(Tuple.of(accounts, sequences, hashes))
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
