package io.kurir.route;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** `kurir:source:<name>` or `kurir:destination:<name>`. */
final class KurirEndpoint extends DefaultEndpoint {

    private final boolean source;
    private final String name;

    KurirEndpoint(String uri, KurirComponent component, boolean source, String name) {
        super(uri, component);
        this.source = source;
        this.name = name;
    }

    String name() {
        return name;
    }

    @Override
    public KurirComponent getComponent() {
        return (KurirComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        if (source) {
            throw new IllegalArgumentException(getEndpointUri() + " can only start a route (from:); send to kurir:destination:<name>");
        }
        return getComponent().destinationProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        Consumer consumer = source
                ? getComponent().sourceConsumer(this, processor)
                : getComponent().destinationConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }
}
