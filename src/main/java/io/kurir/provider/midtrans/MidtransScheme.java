package io.kurir.provider.midtrans;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.kurir.verify.Hmac;
import io.kurir.verify.SignatureScheme;
import io.kurir.verify.SignedRequest;
import io.kurir.verify.VerificationFailed;

/**
 * Midtrans: no header. The JSON body's {@code signature_key} is the hex SHA-512 of
 * {@code order_id + status_code + gross_amount + server key}, each field as its text in the body (never
 * re-formatted: {@code "20000.00"} is not {@code 20000}).
 */
final class MidtransScheme implements SignatureScheme {

    static final String SIGNATURE = "signature_key";
    /** What is hashed, in order, before the server key. */
    private static final List<String> SIGNED = List.of("order_id", "status_code", "gross_amount");
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final byte[] serverKey;

    MidtransScheme(String serverKey) {
        this.serverKey = Hmac.utf8(serverKey);
    }

    @Override
    public void verify(SignedRequest request) throws VerificationFailed {
        Map<String, String> fields = fields(request.body());
        MessageDigest sha512 = sha512();
        for (String name : SIGNED) {
            sha512.update(Hmac.utf8(required(fields, name)));
        }
        byte[] expected = sha512.digest(serverKey);
        if (!Hmac.equal(expected, Hmac.fromHex(required(fields, SIGNATURE)))) {
            throw VerificationFailed.invalid("body field " + SIGNATURE + " does not match");
        }
    }

    private static String required(Map<String, String> fields, String name) throws VerificationFailed {
        String value = fields.get(name);
        if (value == null) {
            throw VerificationFailed.invalid("body has no " + name);
        }
        return value;
    }

    /**
     * The signed fields and the signature as the body writes them: strings as they are, numbers as their
     * text. A field that is another kind of value, or that comes twice, is refused rather than guessed at.
     */
    private static Map<String, String> fields(byte[] body) throws VerificationFailed {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw VerificationFailed.invalid("body is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!SIGNED.contains(name) && !name.equals(SIGNATURE)) {
                    parser.skipChildren();
                    continue;
                }
                if (value != JsonToken.VALUE_STRING && !value.isNumeric()) {
                    throw VerificationFailed.invalid("body field " + name + " is not a string or a number");
                }
                if (fields.put(name, parser.getText()) != null) {
                    throw VerificationFailed.invalid("body has " + name + " twice");
                }
            }
            if (parser.nextToken() != null) {
                throw VerificationFailed.invalid("body has content after its JSON object");
            }
        } catch (IOException e) {
            // not quoted: the parser's message may echo part of the body
            throw VerificationFailed.invalid("body is not JSON");
        }
        return fields;
    }

    private static MessageDigest sha512() {
        try {
            return MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
