package io.kurir.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class StandardWebhooksTest {

    @Test
    void signsAsTheSpecificationComputes() {
        byte[] key = StandardWebhooks.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        // same python3 command as in StandardWebhooksSchemeTest
        assertEquals("hw6D+jquXiPwVQiZTwb2ek9FSrOofldv7tv4JVMsFUY=",
                StandardWebhooks.signer(key).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", 1_700_000_000L, body));
    }

    @Test
    void decodesSecretWithOrWithoutPrefix() {
        byte[] expected = Base64.getDecoder().decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        assertArrayEquals(expected, StandardWebhooks.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertArrayEquals(expected, StandardWebhooks.key("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    }

    @Test
    void refusesSecretThatIsNotBase64WithoutQuotingIt() {
        String message = assertThrows(IllegalArgumentException.class, () -> StandardWebhooks.key("whsec_s3cr*t")).getMessage();
        assertFalse(message.contains("s3cr"), message);
        assertThrows(IllegalArgumentException.class, () -> StandardWebhooks.key("whsec_"));
    }
}
