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
import java.util.List;
import java.util.UUID;

/** Which evidence has been published to Kafka, and reading stored rows back as chain links. */
@ApplicationScoped
public class EvidencePublication {

    /** The columns of a chain link, ending in a space so that " from ..." can follow directly. */
    static final String LINK_COLUMNS = "id, account_id, sequence, dedup_key, source_event_id, detail_type, source, "
            + "region, event_time, recorded_at, summary::text, effects::text, raw, prev_hash, hash ";

    private final Pool pool;
    private final ObjectMapper objectMapper;

    EvidencePublication(Pool pool, ObjectMapper objectMapper) {
        this.pool = pool;
        this.objectMapper = objectMapper;
    }

    public Uni<Void> markPublished(List<UUID> ids) {
        return pool.preparedQuery("update evidence set published_at = now() where id = any($1)")
                .execute(Tuple.of(ids.toArray(UUID[]::new)))
                .replaceWithVoid();
    }

    /** Stored but unpublished evidence recorded before {@code before}, in chain order. */
    public Uni<List<StoredEvidence>> unpublished(Instant before, int limit) {
        return pool.preparedQuery("select " + LINK_COLUMNS + """
                         from evidence where published_at is null and recorded_at < $1
                        order by account_id, sequence limit $2""")
                .execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit))
                .map(rows -> {
                    List<StoredEvidence> found = new ArrayList<>();
                    rows.forEach(row -> found.add(toStored(row)));
                    return found;
                });
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
            return new StoredEvidence(link, row.getString(14), row.getString(12));
        } catch (Exception e) {
            throw new IllegalStateException("evidence row " + row.getUUID(0) + " is unreadable: " + e.getMessage(), e);
        }
    }
}
