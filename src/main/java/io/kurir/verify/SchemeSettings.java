package io.kurir.verify;

import java.util.Optional;

/** The settings of one source (`kurir.source.<name>.<key>`), as a scheme factory sees them. */
public interface SchemeSettings {

    Optional<String> get(String key);

    /** The full property name of a key, for error messages: `kurir.source.<name>.<key>`. */
    String propertyName(String key);
}
