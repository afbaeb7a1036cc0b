package io.kurir;

import org.apache.camel.CamelContext;

/**
 * `bin/kurir --check`: Kurir is built (settings read, routes created with every endpoint and
 * placeholder) but never started: no port is bound, and the store is a private one in memory.
 */
final class CheckOnly {

    /** Bound in the registry by {@link Main} when checking. */
    static final String NAME = "kurirCheckOnly";

    private CheckOnly() {
    }

    static boolean in(CamelContext context) {
        return context.getRegistry().lookupByName(NAME) != null;
    }
}
