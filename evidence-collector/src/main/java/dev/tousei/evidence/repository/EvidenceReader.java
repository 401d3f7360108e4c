package dev.tousei.evidence.repository;

import dev.tousei.evidence.service.StoredEvidence;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads evidence: search pages, one by id, and an account's chain in order (for verification). */
@ApplicationScoped
public class EvidenceReader {

    private final Pool pool;
    private final EvidencePublication rows;

    EvidenceReader(Pool pool, EvidencePublication rows) {
        this.pool = pool;
        this.rows = rows;
    }

    /** Every filter is a bound parameter; a null parameter switches its condition off. */
    public Uni<List<StoredEvidence>> search(EvidenceQuery query) {
        Tuple parameters = Tuple.tuple()
                .addString(query.controlId())
                .addString(query.accountId())
                .addString(query.resource())
                .addString(query.detailType())
                .addOffsetDateTime(query.from() == null ? null : query.from().atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(query.to() == null ? null : query.to().atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(query.after() == null ? null : query.after().eventTime().atOffset(ZoneOffset.UTC))
                .addUUID(query.after() == null ? null : query.after().id())
                .addInteger(query.limit());
        return pool.preparedQuery("select " + EvidencePublication.LINK_COLUMNS + """
                         from evidence
                        where ($1::text is null or $1 = any(control_ids))
                          and ($2::text is null or account_id = $2)
                          and ($3::text is null or $3 = any(resources))
                          and ($4::text is null or detail_type = $4)
                          and ($5::timestamptz is null or event_time >= $5)
                          and ($6::timestamptz is null or event_time < $6)
                          and ($7::timestamptz is null or (event_time, id) < ($7, $8::uuid))
                        order by event_time desc, id desc
                        limit $9""")
                .execute(parameters)
                .map(found -> {
                    List<StoredEvidence> page = new ArrayList<>();
                    found.forEach(row -> page.add(rows.toStored(row)));
                    return page;
                });
    }

    public Uni<StoredEvidence> find(UUID id) {
        return pool.preparedQuery("select " + EvidencePublication.LINK_COLUMNS + " from evidence where id = $1")
                .execute(Tuple.of(id))
                .map(found -> found.size() == 0 ? null : rows.toStored(found.iterator().next()));
    }

    /** Up to {@code limit} links of the account's chain after {@code sequence}, in order. */
    public Uni<List<StoredEvidence>> chainAfter(String accountId, long sequence, int limit) {
        return pool.preparedQuery("select " + EvidencePublication.LINK_COLUMNS + """
                         from evidence where account_id = $1 and sequence > $2 order by sequence limit $3""")
                .execute(Tuple.of(accountId, sequence, limit))
                .map(found -> {
                    List<StoredEvidence> links = new ArrayList<>();
                    found.forEach(row -> links.add(rows.toStored(row)));
                    return links;
                });
    }
}
