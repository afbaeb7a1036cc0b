package io.kurir.provider.basic;

import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.kurir.provider.Generic;
import io.kurir.provider.Setting;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.SignatureScheme;

/** HTTP Basic authentication, for senders that offer only that (MTARGET's email-event webhook, for one). */
public final class BasicProvider extends Generic {

    private static final Setting USERNAME = new Setting("username", "kurir", "the user name the sender sends with the secret");

    @Override
    public String name() {
        return "basic";
    }

    @Override
    public String checks() {
        return "`Authorization: Basic` with `username` (default `kurir`) and `secret` as password";
    }

    @Override
    public List<Setting> settings() {
        return List.of(USERNAME);
    }

    /** Base64 is no cipher: the password travels in clear. */
    @Override
    public Set<String> secretHeaders(SourceSettings settings) {
        return Set.of("Authorization");
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        String username = settings.get(USERNAME);
        return secret -> new BasicScheme(username, secret);
    }
}
