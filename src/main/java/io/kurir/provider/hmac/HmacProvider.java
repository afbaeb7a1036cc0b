package io.kurir.provider.hmac;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.kurir.provider.Generic;
import io.kurir.provider.Setting;
import io.kurir.provider.SourceSettings;
import io.kurir.verify.HmacScheme;
import io.kurir.verify.SignatureScheme;

/** Any sender that puts an HMAC of the raw body in one header, optionally behind a prefix such as `sha256=`. */
public final class HmacProvider extends Generic {

    private static final Setting HEADER = new Setting("header", "", "the header carrying the HMAC (required)");
    private static final Setting ALGORITHM = new Setting("algorithm", "SHA-256", "SHA-1, SHA-256 or SHA-512");
    private static final Setting ENCODING = new Setting("encoding", "hex", "hex or base64");
    private static final Setting PREFIX = new Setting("prefix", "", "text before the HMAC in the header, such as sha256=");
    private static final Map<String, String> ALGORITHMS = Map.of("sha-1", "HmacSHA1", "sha-256", "HmacSHA256", "sha-512", "HmacSHA512");
    private static final Map<String, HmacScheme.Encoding> ENCODINGS = Map.of("hex", HmacScheme.Encoding.HEX, "base64", HmacScheme.Encoding.BASE64);

    @Override
    public String name() {
        return "hmac";
    }

    @Override
    public String checks() {
        return "generic: `header` (required), `algorithm` `SHA-1`/`SHA-256`/`SHA-512` (default SHA-256), `encoding` `hex`/`base64` "
                + "(default hex), optional `prefix` such as `sha256=`";
    }

    @Override
    public List<Setting> settings() {
        return List.of(HEADER, ALGORITHM, ENCODING, PREFIX);
    }

    @Override
    public Function<String, SignatureScheme> verifier(SourceSettings settings) {
        String header = settings.required(HEADER.key());
        String algorithm = settings.oneOf(ALGORITHM, ALGORITHMS);
        HmacScheme.Encoding encoding = settings.oneOf(ENCODING, ENCODINGS);
        String prefix = settings.get(PREFIX);
        return secret -> new HmacScheme(header, algorithm, encoding, prefix, secret);
    }

    @Override
    public Set<String> signatureHeaders(SourceSettings settings) {
        return settings.get(HEADER.key()).map(Set::of).orElse(Set.of());
    }
}
