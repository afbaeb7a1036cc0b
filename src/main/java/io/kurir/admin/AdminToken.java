package io.kurir.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

import io.kurir.Setting;
import io.kurir.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The bearer token of `/api`: `KURIR_ADMIN_TOKEN`, or a random one printed once at start-up. */
public final class AdminToken {

    public static final Setting<String> TOKEN = Setting.unset("kurir.admin.token", "generated, printed once",
            "bearer token of `/api` and `/ui` (`KURIR_ADMIN_TOKEN`)");

    private static final Logger LOG = LoggerFactory.getLogger(AdminToken.class);

    private final byte[] token;

    private AdminToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    public static AdminToken from(Settings settings) {
        return settings.get(TOKEN.key()).map(AdminToken::new).orElseGet(() -> {
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String generated = HexFormat.of().formatHex(random);
            LOG.warn("KURIR_ADMIN_TOKEN is not set; the admin API accepts this generated token until restart: {}", generated);
            return new AdminToken(generated);
        });
    }

    /** Constant-time, so the token cannot be guessed byte by byte from response times. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }
}
