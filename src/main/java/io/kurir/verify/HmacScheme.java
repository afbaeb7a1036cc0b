package io.kurir.verify;

import java.util.List;
import java.util.function.Function;

/** One header carrying an HMAC of the raw body, optionally behind a fixed prefix such as {@code sha256=}. */
public final class HmacScheme implements SignatureScheme {

    /** How the sender writes the MAC in the header. */
    public enum Encoding {
        HEX(Hmac::fromHex), BASE64(Hmac::fromBase64);

        private final Function<String, byte[]> decoder;

        Encoding(Function<String, byte[]> decoder) {
            this.decoder = decoder;
        }

        byte[] decode(String text) {
            return decoder.apply(text);
        }
    }

    private final List<String> headers;
    private final Encoding encoding;
    private final String prefix;
    private final Hmac hmac;

    /**
     * @param algorithm a JCA name such as {@code HmacSHA256}
     * @param prefix    text the header value must start with, empty for none
     */
    public HmacScheme(String header, String algorithm, Encoding encoding, String prefix, String secret) {
        this(List.of(header), algorithm, encoding, prefix, secret);
    }

    /** @param headers the header names the sender may use, the first present is read */
    public HmacScheme(List<String> headers, String algorithm, Encoding encoding, String prefix, String secret) {
        this.headers = headers;
        this.encoding = encoding;
        this.prefix = prefix;
        this.hmac = new Hmac(algorithm, Hmac.utf8(secret));
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        String header = headers.stream().filter(name -> request.header(name) != null).findFirst().orElse(null);
        if (header == null) {
            throw VerificationFailed.invalid("missing header " + String.join(" or ", headers));
        }
        String value = request.header(header);
        if (!value.startsWith(prefix)) {
            throw VerificationFailed.invalid("header " + header + " does not start with " + prefix);
        }
        byte[] received = encoding.decode(value.substring(prefix.length()));
        if (!Hmac.equal(hmac.sign(request.body()), received)) {
            throw VerificationFailed.invalid("signature does not match");
        }
    }
}
