package io.kurir.verify;

import static io.kurir.verify.Fixtures.request;
import static io.kurir.verify.Fixtures.scheme;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.api.Test;

class NoneSchemeTest {

    @Test
    void acceptsUnsignedRequestWithoutSecret() {
        SignatureScheme scheme = scheme("none");
        assertDoesNotThrow(() -> scheme.verify(request("{}").build()));
    }
}
