package dev.tousei.notification.repository;

import static dev.tousei.notification.repository.Sql.ts;

import dev.tousei.notification.routing.Channel;
import dev.tousei.notification.routing.ChannelType;
import dev.tousei.notification.routing.Contact;
import dev.tousei.notification.routing.Route;
import dev.tousei.notification.routing.Suppression;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** Channels, routes with their contacts, and suppressions. */
@ApplicationScoped
public class RoutingRepository {

    private final Pool pool;

    RoutingRepository(Pool pool) {
        this.pool = pool;
    }

    // ------------------------------------------------------------------------------------------------ channels

    public Uni<List<Channel>> channels() {
        return pool.query("SELECT * FROM channel ORDER BY name").execute()
                .map(rows -> {
                    List<Channel> result = new ArrayList<>();
                    rows.forEach(row -> result.add(channel(row)));
                    return result;
                });
    }

    public Uni<Optional<Channel>> channel(UUID id) {
        return pool.preparedQuery("SELECT * FROM channel WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(channel(rows.iterator().next())));
    }

    /** Inserts or updates by id. */
    public Uni<Channel> saveChannel(SqlClient client, Channel channel) {
        return client.preparedQuery("""
                        INSERT INTO channel (id, name, type, url, secret, recipients, enabled, created_at, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                        ON CONFLICT (id) DO UPDATE SET name = excluded.name, type = excluded.type, url = excluded.url,
                          secret = excluded.secret, recipients = excluded.recipients, enabled = excluded.enabled,
                          updated_at = excluded.updated_at
                        RETURNING *""")
                .execute(Tuple.tuple().addValue(channel.id()).addValue(channel.name()).addValue(channel.type().name())
                        .addValue(channel.url()).addValue(channel.secret())
                        .addValue(channel.recipients().toArray(String[]::new)).addValue(channel.enabled())
                        .addValue(ts(channel.createdAt())).addValue(ts(channel.updatedAt())))
                .map(rows -> channel(rows.iterator().next()));
    }

    /** Inserts or updates by name (the NOTIFICATION_WEBHOOK_URL channel). */
    public Uni<Channel> upsertChannelByName(Channel channel) {
        return pool.preparedQuery("""
                        INSERT INTO channel (id, name, type, url, secret, recipients, enabled, created_at, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
                        ON CONFLICT (name) DO UPDATE SET type = excluded.type, url = excluded.url,
                          secret = excluded.secret, enabled = true, updated_at = excluded.updated_at
                        RETURNING *""")
                .execute(Tuple.tuple().addValue(channel.id()).addValue(channel.name()).addValue(channel.type().name())
                        .addValue(channel.url()).addValue(channel.secret())
                        .addValue(channel.recipients().toArray(String[]::new)).addValue(channel.enabled())
                        .addValue(ts(channel.createdAt())))
                .map(rows -> channel(rows.iterator().next()));
    }

    public Uni<Boolean> deleteChannel(UUID id) {
        return pool.preparedQuery("DELETE FROM channel WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Routes naming the channel among their channels (contacts use a foreign key). */
    public Uni<Long> routesUsing(UUID channelId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM route WHERE $1 = ANY(channel_ids)")
                .execute(Tuple.of(channelId)).map(rows -> rows.iterator().next().getLong("n"));
    }

    private static Channel channel(Row row) {
        return new Channel(row.getUUID("id"), row.getString("name"), ChannelType.valueOf(row.getString("type")),
                row.getString("url"), row.getString("secret"), List.of(row.getArrayOfStrings("recipients")),
                row.getBoolean("enabled"), Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"));
    }

    // -------------------------------------------------------------------------------------------------- routes

    public Uni<List<Route>> routes() {
        return pool.query("SELECT r.*, extract(epoch FROM r.ack_timeout) * 1000 AS ack_ms FROM route r ORDER BY name")
                .execute()
                .chain(routeRows -> pool.query("SELECT * FROM contact ORDER BY level, name").execute()
                        .map(contactRows -> {
                            Map<UUID, List<Contact>> contacts = new java.util.HashMap<>();
                            contactRows.forEach(row -> contacts.computeIfAbsent(row.getUUID("route_id"),
                                    ignored -> new ArrayList<>()).add(contact(row)));
                            List<Route> result = new ArrayList<>();
                            routeRows.forEach(row -> result.add(route(row,
                                    contacts.getOrDefault(row.getUUID("id"), List.of()))));
                            return result;
                        }));
    }

    /** Inserts or updates by id, replacing its contacts. */
    public Uni<Void> saveRoute(SqlClient client, Route route) {
        Tuple params = Tuple.tuple().addValue(route.id()).addValue(route.name())
                .addValue(route.severities().toArray(String[]::new))
                .addValue(route.frameworks().toArray(String[]::new))
                .addValue(route.controls().toArray(String[]::new))
                .addValue(route.accounts().toArray(String[]::new))
                .addValue(route.channelIds().toArray(UUID[]::new))
                .addValue(route.ackTimeout() == null ? null : route.ackTimeout().toMillis())
                .addValue(route.enabled()).addValue(ts(route.createdAt())).addValue(ts(route.updatedAt()));
        Uni<Void> upsert = client.preparedQuery("""
                        INSERT INTO route (id, name, severities, frameworks, controls, accounts, channel_ids,
                                           ack_timeout, enabled, created_at, updated_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8::bigint * interval '1 millisecond', $9, $10, $11)
                        ON CONFLICT (id) DO UPDATE SET name = excluded.name, severities = excluded.severities,
                          frameworks = excluded.frameworks, controls = excluded.controls,
                          accounts = excluded.accounts, channel_ids = excluded.channel_ids,
                          ack_timeout = excluded.ack_timeout, enabled = excluded.enabled,
                          updated_at = excluded.updated_at""")
                .execute(params).replaceWithVoid();
        Uni<Void> clearContacts = client.preparedQuery("DELETE FROM contact WHERE route_id = $1")
                .execute(Tuple.of(route.id())).replaceWithVoid();
        if (route.contacts().isEmpty()) {
            return upsert.chain(() -> clearContacts);
        }
        List<Tuple> contactRows = route.contacts().stream()
                .map(contact -> Tuple.tuple().addValue(contact.id()).addValue(route.id()).addValue(contact.level())
                        .addValue(contact.name()).addValue(contact.channelId()).addValue(contact.address()))
                .toList();
        return upsert.chain(() -> clearContacts)
                .chain(() -> client.preparedQuery("INSERT INTO contact (id, route_id, level, name, channel_id, address) "
                        + "VALUES ($1, $2, $3, $4, $5, $6)").executeBatch(contactRows))
                .replaceWithVoid();
    }

    /** Inserts or updates by name (the NOTIFICATION_WEBHOOK_URL catch-all route). */
    public Uni<Void> upsertRouteByName(String name, UUID id, List<UUID> channelIds, Instant now) {
        return pool.preparedQuery("""
                        INSERT INTO route (id, name, channel_ids, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
                        ON CONFLICT (name) DO UPDATE SET channel_ids = excluded.channel_ids, enabled = true,
                          updated_at = excluded.updated_at""")
                .execute(Tuple.of(id, name, channelIds.toArray(UUID[]::new), ts(now))).replaceWithVoid();
    }

    public Uni<Boolean> deleteRoute(UUID id) {
        return pool.preparedQuery("DELETE FROM route WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    private static Route route(Row row, List<Contact> contacts) {
        Double ackMs = row.getDouble("ack_ms");
        return new Route(row.getUUID("id"), row.getString("name"), set(row, "severities"), set(row, "frameworks"),
                set(row, "controls"), set(row, "accounts"), Arrays.asList(row.getArrayOfUUIDs("channel_ids")),
                ackMs == null ? null : Duration.ofMillis(ackMs.longValue()), row.getBoolean("enabled"),
                List.copyOf(contacts), Rows.instant(row, "created_at"), Rows.instant(row, "updated_at"));
    }

    private static java.util.Set<String> set(Row row, String column) {
        return Arrays.stream(row.getArrayOfStrings(column)).collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Contact contact(Row row) {
        return new Contact(row.getUUID("id"), row.getInteger("level"), row.getString("name"),
                row.getUUID("channel_id"), row.getString("address"));
    }

    // ------------------------------------------------------------------------------------------- suppressions

    /** Suppressions not yet expired at {@code now} (the only ones that matter for new alerts). */
    public Uni<List<Suppression>> activeSuppressions(Instant now) {
        return suppressions("SELECT * FROM suppression WHERE expires_at > $1 ORDER BY created_at", Tuple.of(ts(now)));
    }

    public Uni<List<Suppression>> suppressions(boolean includeExpired, Instant now) {
        return includeExpired
                ? suppressions("SELECT * FROM suppression ORDER BY created_at DESC LIMIT 1000", Tuple.tuple())
                : activeSuppressions(now);
    }

    private Uni<List<Suppression>> suppressions(String sql, Tuple params) {
        return pool.preparedQuery(sql).execute(params).map(rows -> {
            List<Suppression> result = new ArrayList<>();
            rows.forEach(row -> result.add(new Suppression(row.getUUID("id"), row.getString("account_id"),
                    row.getString("control_id"), row.getString("resource_id"), row.getString("finding_type"),
                    row.getString("reason"), row.getString("owner"), row.getString("created_by"),
                    Rows.instant(row, "created_at"), Rows.instant(row, "expires_at"))));
            return result;
        });
    }

    public Uni<Void> insertSuppression(Suppression s) {
        return pool.preparedQuery("""
                        INSERT INTO suppression (id, account_id, control_id, resource_id, finding_type, reason, owner,
                                                 created_by, created_at, expires_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""")
                .execute(Tuple.tuple().addValue(s.id()).addValue(s.accountId()).addValue(s.controlId())
                        .addValue(s.resourceId()).addValue(s.findingType()).addValue(s.reason()).addValue(s.owner())
                        .addValue(s.createdBy()).addValue(ts(s.createdAt())).addValue(ts(s.expiresAt())))
                .replaceWithVoid();
    }

    /** Ends a suppression now (kept for the record). */
    public Uni<Boolean> expireSuppression(UUID id, Instant now) {
        return pool.preparedQuery("UPDATE suppression SET expires_at = least(expires_at, $2) WHERE id = $1")
                .execute(Tuple.of(id, ts(now))).map(rows -> rows.rowCount() > 0);
    }

    public Pool pool() {
        return pool;
    }
}
