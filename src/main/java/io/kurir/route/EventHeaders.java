package io.kurir.route;

import java.util.Map;
import java.util.Set;

import io.kurir.store.StoredEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/** How a stored event looks to a YAML route: the raw body plus `kurir*` headers and the labels. */
public final class EventHeaders {

    public static final String EVENT_ID = "kurirEventId";
    public static final String EVENT_TYPE = "kurirEventType";
    public static final String SOURCE = "kurirSource";
    public static final String ENVIRONMENT = "kurirEnvironment";
    public static final String DELIVERY_ID = "kurirDeliveryId";
    public static final String DESTINATION = "kurirDestination";
    public static final String ATTEMPT = "kurirAttempt";
    /** Exchange property naming the label headers, so they are not sent on as HTTP headers. */
    public static final String LABEL_NAMES = "kurirLabelNames";

    private EventHeaders() {
    }

    public static void fill(Exchange exchange, StoredEvent event) {
        Message message = exchange.getMessage();
        Map<String, String> labels = Labels.of(event.labels());
        labels.forEach(message::setHeader);
        exchange.setProperty(LABEL_NAMES, Set.copyOf(labels.keySet()));
        message.setHeader(EVENT_ID, event.id());
        message.setHeader(EVENT_TYPE, event.type());
        message.setHeader(SOURCE, event.source());
        message.setHeader(ENVIRONMENT, event.environment());
        if (event.contentType() != null) {
            message.setHeader(Exchange.CONTENT_TYPE, event.contentType());
        }
        message.setBody(event.body());
    }
}
