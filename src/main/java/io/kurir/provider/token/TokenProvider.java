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

    static final String DEFAULT_HEADER = "X-Kurir-Token";

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
        return List.of(new Setting("header", DEFAULT_HEADER, "the header carrying the token"),
                new Setting("query", "", "the query parameter carrying the token, instead of a header"));
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        Optional<String> query = settings.get("query");
        if (query.isEmpty()) {
            String header = settings.get("header", DEFAULT_HEADER);
            return secret -> TokenScheme.inHeader(header, secret);
        }
        if (settings.get("header").isPresent()) {
            throw settings.invalid("query", "and " + settings.propertyName("header") + " are both set; set one");
        }
        return secret -> TokenScheme.inQuery(query.get(), secret);
    }

    @Override
    public Set<String> secretHeaders(SourceSettings settings) {
        return settings.get("query").isPresent() ? Set.of() : Set.of(settings.get("header", DEFAULT_HEADER));
    }

    @Override
    public Optional<String> secretQuery(SourceSettings settings) {
        return settings.get("query");
    }
}
