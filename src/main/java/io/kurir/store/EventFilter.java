package io.kurir.store;

import java.util.Optional;

/** What the events log is asked for; `before` is a cursor, an event id from the previous page. */
public record EventFilter(Optional<String> source, Optional<String> type, Optional<String> status,
                          Optional<String> before, int limit) {
}
