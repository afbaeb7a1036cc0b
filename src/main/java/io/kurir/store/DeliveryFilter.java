package io.kurir.store;

import java.util.Optional;

/** Deliveries asked for by the events log or a bulk replay; `from`/`to` bound their creation time. */
public record DeliveryFilter(Optional<String> destination, Optional<String> status, Optional<Long> from, Optional<Long> to,
                             Optional<String> before, int limit) {
}
