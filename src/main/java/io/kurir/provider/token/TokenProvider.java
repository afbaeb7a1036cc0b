package io.kurir.provider.token;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import io.kurir.provider.Generic;
import io.kurir.provider.Setting;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.SignatureScheme;

/** A shared token sent as is, in a header or a query parameter: for form tools, which can only set a URL. */
public final class TokenProvider extends Generic {

    private static final Setting HEADER = new Setting("header", "X-Kurir-Token", "the header carrying the token");
    private static final Setting QUERY = new Setting("query", "", "the query parameter carrying the token, instead of a header");

    @Override
    public String name() {
        return "token";
    }

    @Override
    public String checks() {
        return "`secret` sent in the header named by `header` (default `X-Kurir-Token`; `Authorization: Bearer …` when the header is "
                + "`Authorization`) or in the query parameter named by `query` (never kept as a label)";
    }

    @Override
    public List<Setting> settings() {
        return List.of(HEADER, QUERY);
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        Optional<String> query = settings.get(QUERY.key());
        if (query.isEmpty()) {
            String header = settings.get(HEADER);
            return secret -> TokenScheme.inHeader(header, secret);
        }
        if (settings.get(HEADER.key()).isPresent()) {
            throw settings.invalid(QUERY.key(), "and " + settings.propertyName(HEADER.key()) + " are both set; set one");
        }
        return secret -> TokenScheme.inQuery(query.get(), secret);
    }

    @Override
    public Set<String> secretHeaders(SourceSettings settings) {
        return settings.get(QUERY.key()).isPresent() ? Set.of() : Set.of(settings.get(HEADER));
    }

    @Override
    public Optional<String> secretQuery(SourceSettings settings) {
        return settings.get(QUERY.key());
    }
}
