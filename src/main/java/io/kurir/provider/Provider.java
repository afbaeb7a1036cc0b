package io.kurir.provider;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.kurir.verify.SignatureScheme;

/**
 * Everything Kurir knows about one kind of sender, named by `kurir.source.<name>.verify`: its settings, its
 * verification, where its secret travels, where the event type and the idempotency key come from, its probe
 * or handshake, its secret-strength rule and its sample events. One implementation per package under
 * `io.kurir.provider`, found there by {@link Providers}: adding a sender is adding a package.
 */
public interface Provider {

    /** Shorter secrets are refused in live sources, warned about in test ones. */
    int MIN_SECRET_LENGTH = 16;

    /** What `kurir.source.<name>.verify` says to pick this provider, in lower case. */
    String name();

    /** What is checked, for the README's table (Markdown, one line). */
    String checks();

    /** The provider's documentation page that these facts come from; empty for the generic schemes. */
    default String documentation() {
        return "";
    }

    /** True for the schemes that serve any sender (hmac, token, basic, none): listed after the named providers. */
    default boolean generic() {
        return false;
    }

    /** Its own settings besides `verify`, `secret`, `environment` and `rate-limit`. */
    default List<Setting> settings() {
        return List.of();
    }

    /**
     * Reads and checks the settings, so that a bad one stops the start even while the secret is missing,
     * and returns how to make the verifier once the secret is known.
     *
     * @throws IllegalArgumentException naming the property
     */
    Function<String, SignatureScheme> verifier(SourceSettings settings);

    /** False only where nothing is verified. */
    default boolean needsSecret() {
        return true;
    }

    /** Headers that carry the secret itself in clear: masked in the stored event, never forwarded. */
    default Set<String> secretHeaders(SourceSettings settings) {
        return Set.of();
    }

    /** The query parameter that carries the secret in clear, never kept as a label. */
    default Optional<String> secretQuery(SourceSettings settings) {
        return Optional.empty();
    }

    /** Headers that carry a signature: stored as sent (useful to debug), never forwarded to a destination. */
    default Set<String> signatureHeaders(SourceSettings settings) {
        return Set.of();
    }

    /** Null when the secret is strong enough, else what is wrong with it (never quoting it). */
    default String weakness(String secret) {
        return secret.length() < MIN_SECRET_LENGTH ? "has a secret shorter than " + MIN_SECRET_LENGTH + " characters" : null;
    }

    /** Where the event type comes from, the first present wins; after them the body's kind decides ({@link From#FALLBACK_TYPE}). */
    default List<From> eventType() {
        return From.GENERIC_TYPE;
    }

    /** Where the idempotency key comes from, the first present wins; after them a SHA-256 of source and body. */
    default List<From> idempotencyKey() {
        return List.of();
    }

    /**
     * A request answered before any verification and not stored, such as Biteship's installation probe;
     * empty for a webhook.
     *
     * @return the JSON answer
     */
    default Optional<String> probe(byte[] body, Function<String, String> headers) {
        return Optional.empty();
    }

    /**
     * A verified request that is answered rather than stored, such as Slack's url_verification.
     *
     * @return the JSON answer
     */
    default Optional<String> handshake(Request request) {
        return Optional.empty();
    }

    /**
     * Realistic events for "send test event", each with a fresh id so two tests are two events; the
     * first is the default, and together they exercise the shipped routes.
     */
    List<Sample> samples(String unique, Instant now);
}
