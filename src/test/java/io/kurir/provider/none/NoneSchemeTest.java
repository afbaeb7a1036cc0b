package io.kurir.provider.none;

import static io.kurir.provider.Fixtures.request;
import static io.kurir.provider.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import io.kurir.verify.SignatureScheme;
import org.junit.jupiter.api.Test;

class NoneSchemeTest {

    @Test
    void acceptsUnsignedRequestWithoutSecret() {
        SignatureScheme scheme = scheme("none");
        assertDoesNotThrow(() -> scheme.verify(request("{}").build()));
    }
}
