package io.kurir.provider.none;

import java.util.function.Function;

import io.kurir.provider.Generic;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.SignatureScheme;

/** No verification at all, for a sender trusted by other means such as a private network. */
public final class NoneProvider extends Generic {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public String checks() {
        return "nothing: only when you mean it";
    }

    @Override
    public boolean needsSecret() {
        return false;
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        return secret -> new NoneScheme();
    }
}
