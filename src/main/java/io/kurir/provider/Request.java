package io.kurir.provider;

/** A verified webhook as a provider reads it to name it, key it or answer its handshake. */
public interface Request {

    byte[] body();

    /** Looked up case-insensitively; null when absent. */
    String header(String name);

    /** A top-level scalar field of a JSON body as text; null when absent or not JSON. */
    String field(String name);

    /** A field of a form-urlencoded body, decoded; null when absent or not a form. */
    String formField(String name);

    /** The scalar at this path of a JSON body (`nested("event", "type")`), trimmed; null when absent or not JSON. */
    String nested(String... path);
}
