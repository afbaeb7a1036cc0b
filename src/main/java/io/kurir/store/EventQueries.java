package io.kurir.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.kurir.Json;

/** Events as the admin API, the page and the meters read them. */
public final class EventQueries {

    static final String READ_COLUMNS = EventLog.COLUMNS + ", stored_by, route_owner";

    private final DataSource dataSource;
    private final boolean postgres;

    public EventQueries(Store store) {
        this.dataSource = store.pool();
        this.postgres = store.postgres();
    }

    public Optional<StoredEvent> find(String id) {
        List<StoredEvent> found = query("SELECT " + READ_COLUMNS + " FROM events WHERE id = ?", List.of(id));
        return found.stream().findFirst();
    }

    /** Newest first. */
    public List<StoredEvent> list(EventFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT " + READ_COLUMNS + " FROM events WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter.source().ifPresent(v -> { sql.append(" AND source = ?"); args.add(v); });
        filter.type().ifPresent(v -> { sql.append(" AND event_type = ?"); args.add(v); });
        filter.status().ifPresent(v -> { sql.append(" AND status = ?"); args.add(v); });
        filter.environment().ifPresent(v -> { sql.append(" AND environment = ?"); args.add(v); });
        // labels are stored as compact JSON, so a label is the text "name":"value" inside them
        filter.label().ifPresent(l -> {
            sql.append(" AND labels LIKE ? ESCAPE '!'");
            args.add("%" + likeEscaped(Json.write(l.name()) + ":" + Json.write(l.value())) + "%");
        });
        filter.from().ifPresent(v -> { sql.append(" AND received_at >= ?"); args.add(v); });
        filter.to().ifPresent(v -> { sql.append(" AND received_at < ?"); args.add(v); });
        filter.text().ifPresent(v -> {
            if (postgres) {
                // read as Latin-1, which accepts any bytes (a body need not be valid UTF-8), and
                // search for the text's UTF-8 bytes read the same way
                sql.append(" AND convert_from(body, 'LATIN1') ILIKE ? ESCAPE '!'");
                args.add("%" + likeEscaped(new String(v.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)) + "%");
            } else {
                // SQLite's LIKE ignores case for ASCII letters
                sql.append(" AND CAST(body AS TEXT) LIKE ? ESCAPE '!'");
                args.add("%" + likeEscaped(v) + "%");
            }
        });
        filter.before().ifPresent(v -> { sql.append(" AND id < ?"); args.add(v); });
        filter.after().ifPresent(v -> { sql.append(" AND id > ?"); args.add(v); });
        // after a cursor, the events right after it (so a burst is read in full, page by page)
        boolean catchingUp = filter.after().isPresent() && filter.before().isEmpty();
        sql.append(catchingUp ? " ORDER BY id ASC LIMIT ?" : " ORDER BY id DESC LIMIT ?");
        args.add(filter.limit());
        List<StoredEvent> page = query(sql.toString(), args);
        if (catchingUp) {
            Collections.reverse(page);
        }
        return page;
    }

    /** Events received since `since` (epoch ms), per source. */
    public Map<String, Long> countSince(long since) {
        return Sql.read(dataSource, "SELECT source, COUNT(*) FROM events WHERE received_at >= ? GROUP BY source",
                List.of(since), rs -> Map.entry(rs.getString(1), rs.getLong(2)))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /**
     * Per source, the events of every instance that are stored but not routed yet: waiting for their
     * route, for another try after it failed, or for a route of their source to exist.
     */
    public Map<String, Long> unroutedBySource() {
        return Sql.read(dataSource, "SELECT source, COUNT(*) FROM events WHERE status IN (?, ?) GROUP BY source",
                List.of(StoredEvent.RECEIVED, StoredEvent.ROUTE_FAILED), rs -> Map.entry(rs.getString(1), rs.getLong(2)))
                .stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    static String likeEscaped(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private List<StoredEvent> query(String sql, List<Object> args) {
        return Sql.read(dataSource, sql, args, EventQueries::read);
    }

    static StoredEvent read(ResultSet rs) throws SQLException {
        long routedAt = rs.getLong("routed_at");
        Long routed = rs.wasNull() ? null : routedAt;
        return new StoredEvent(
                rs.getString("id"),
                rs.getString("source"),
                rs.getString("idempotency_key"),
                rs.getString("event_type"),
                rs.getString("environment"),
                rs.getString("status"),
                rs.getLong("received_at"),
                rs.getString("content_type"),
                Json.readStringMap(rs.getString("headers")),
                Json.readStringMap(rs.getString("labels")),
                rs.getBytes("body"),
                routed,
                rs.getString("route_error"),
                rs.getBoolean("test"),
                rs.getString("stored_by"),
                rs.getString("route_owner"));
    }}
