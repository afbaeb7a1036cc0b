package io.kurir.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** An HMAC key bound to its algorithm, plus the decoding and comparison every scheme needs. */
public final class Hmac {

    private static final byte[] NOTHING = new byte[0];

    private final SecretKeySpec key;
    /** A Mac is stateful, so one per thread; doFinal leaves it ready for the next message. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    /** @param algorithm a JCA name such as {@code HmacSHA256} */
    public Hmac(String algorithm, byte[] key) {
        this.key = new SecretKeySpec(key, algorithm);
        macs.get();
    }

    /** The MAC of the parts, concatenated. */
    public byte[] sign(byte[]... parts) {
        Mac mac = macs.get();
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /** Looking up and keying a Mac costs more than a webhook's HMAC; the constructor's call fails fast on a bad algorithm. */
    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(key.getAlgorithm());
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use " + key.getAlgorithm() + ": " + e.getMessage(), e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Hex in either case; malformed input decodes to nothing, which matches no MAC. */
    public static byte[] fromHex(String hex) {
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return NOTHING;
        }
    }

    /** Standard base64, padding optional; malformed input decodes to nothing, which matches no MAC. */
    public static byte[] fromBase64(String base64) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return NOTHING;
        }
    }

    /** Constant-time: the running time depends only on the length of {@code expected}, never on what was received. */
    public static boolean equal(byte[] expected, byte[] received) {
        return MessageDigest.isEqual(expected, received);
    }
}
