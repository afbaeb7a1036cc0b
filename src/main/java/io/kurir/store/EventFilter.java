package io.kurir.store;

import java.util.Optional;

/**
 * What the events log is asked for. `before` pages back from an event id, `after` asks only for
 * events newer than one (live updates); `label` is a name and a value; `text` is searched for in the body.
 */
public record EventFilter(Optional<String> source, Optional<String> type, Optional<String> status,
                          Optional<String> environment, Optional<Label> label, Optional<Long> from, Optional<Long> to,
                          Optional<String> text, Optional<String> before, Optional<String> after, int limit) {

    public record Label(String name, String value) {
    }
}
