package io.kurir.support;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs test webhooks the way senders do, with the JDK alone. */
public final class Signing {

    public static final String SENDCLOUD_SECRET = "dev-Sendcloud-Secret-1!";
    public static final String BITESHIP_SECRET = "dev-biteship-secret";

    private Signing() {
    }

    public static byte[] hmacSha256(String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sendcloud(byte[] body) {
        return HexFormat.of().formatHex(hmacSha256(SENDCLOUD_SECRET, body));
    }
}
