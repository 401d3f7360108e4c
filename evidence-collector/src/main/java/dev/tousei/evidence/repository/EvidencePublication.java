package dev.tousei.evidence.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tousei.events.evidence.ControlEffect;
import dev.tousei.events.evidence.EvidenceSummary;
import dev.tousei.evidence.chain.ChainLink;
import dev.tousei.evidence.service.StoredEvidence;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which evidence has been published to Kafka (a watermark per account, {@code chain_head.published_sequence}), and
 * reading stored rows back as chain links.
 */
@ApplicationScoped
public class EvidencePublication {

    /** The columns of a chain link, ending in a space so that " from ..." can follow directly. */
    static final String LINK_COLUMNS = "id, account_id, sequence, dedup_key, source_event_id, detail_type, source, "
            + "region, event_time, recorded_at, summary::text, effects::text, raw, prev_hash, hash, traceparent ";
    /** The same columns of the row aliased {@code e}, for the relay's query (built once, not per pass). */
    private static final String LINK_COLUMNS_OF_E = prefixed("e.");

    private final Pool pool;
    private final ObjectMapper objectMapper;

    EvidencePublication(Pool pool, ObjectMapper objectMapper) {
        this.pool = pool;
        this.objectMapper = objectMapper;
    }

    /**
     * Moves each account's publication watermark over the given evidence, which Kafka has acknowledged. The watermark
     * moves only if it reaches the first of them (nothing older is still unpublished); otherwise it stays where it is
     * and the relay publishes from there (again, for some: consumers are idempotent on the evidence id).
     */
    public Uni<Void> markPublished(List<StoredEvidence> published) {
        Map<String, TreeSet<Long>> sequences = new LinkedHashMap<>();
        for (StoredEvidence stored : published) {
            sequences.computeIfAbsent(stored.link().accountId(), account -> new TreeSet<>())
                    .add(stored.link().sequence());
        }
        Map<String, long[]> ranges = new LinkedHashMap<>(); // account -> {first, last} of the gap-free run from first
        sequences.forEach((account, run) -> {
            long first = run.first();
            long last = first;
            while (run.contains(last + 1)) {
                last++;
            }
            ranges.put(account, new long[] {first, last});
        });
        String[] accounts = ranges.keySet().toArray(String[]::new);
        Long[] firsts = ranges.values().stream().map(range -> range[0]).toArray(Long[]::new);
        Long[] lasts = ranges.values().stream().map(range -> range[1]).toArray(Long[]::new);
        return pool.preparedQuery("""
                        update chain_head h set published_sequence = p.last
                        from unnest($1::varchar[], $2::bigint[], $3::bigint[]) as p(account, first, last)
                        where h.account_id = p.account and h.published_sequence >= p.first - 1
                          and h.published_sequence < p.last""")
                .execute(Tuple.of(accounts, firsts, lasts))
                .replaceWithVoid();
    }

    /**
     * Stored evidence above its account's watermark, recorded before {@code before}, in chain order: for each account
     * a gap-free run starting right after the watermark, so publishing it lets the watermark move to its end.
     */
    public Uni<List<StoredEvidence>> unpublished(Instant before, int limit) {
        return pool.preparedQuery("select " + LINK_COLUMNS_OF_E + """
                         from chain_head h cross join lateral (
                            select * from evidence x where x.account_id = h.account_id
                               and x.sequence > h.published_sequence order by x.sequence limit $2) e
                        where h.sequence > h.published_sequence and e.recorded_at < $1
                        order by e.account_id, e.sequence limit $2""")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<StoredEvidence> found = new ArrayList<>();
                    rows.forEach(row -> found.add(toStored(row)));
                    return found;
                });
    }

    private static String prefixed(String alias) {
        return Arrays.stream(LINK_COLUMNS.trim().split(",\\s*")).map(column -> alias + column)
                .collect(Collectors.joining(", ")) + " ";
    }

    /** A stored row as the chain link it claims to be; its hash is what the row says, not recomputed. */
    StoredEvidence toStored(Row row) {
        try {
            ChainLink link = new ChainLink(row.getString(1), row.getLong(2), row.getString(13), row.getUUID(0),
                    row.getString(3), row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                    row.getOffsetDateTime(8).toInstant(), row.getOffsetDateTime(9).toInstant(),
                    dev.tousei.evidence.chain.EvidenceHasher.sha256(row.getString(12)),
                    objectMapper.readValue(row.getString(10), EvidenceSummary.class),
                    Arrays.asList(objectMapper.readValue(row.getString(11), ControlEffect[].class)));
            return new StoredEvidence(link, row.getString(14), row.getString(12), row.getString(15));
        } catch (Exception e) {
            throw new IllegalStateException("evidence row " + row.getUUID(0) + " is unreadable: " + e.getMessage(), e);
        }
    }
}
