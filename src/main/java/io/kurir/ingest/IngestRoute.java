package io.kurir.ingest;

import org.apache.camel.builder.RouteBuilder;

/** The one entry point for every sender: `POST /hooks/{source}`. */
public final class IngestRoute extends RouteBuilder {

    /** Served on the event loop by {@link EventLoopHttpEngine}. */
    public static final String PATH = "/hooks";
    public static final String ID = "ingest";

    private final IngestProcessor ingest;

    public IngestRoute(IngestProcessor ingest) {
        this.ingest = ingest;
    }

    @Override
    public void configure() {
        // useBodyHandler=false keeps the raw bytes of form posts, which signatures are computed over;
        // everything under /hooks comes here, so that odd paths and methods get a JSON answer too
        from("platform-http:" + PATH + "?matchOnUriPrefix=true&useBodyHandler=false")
                .routeId(ID)
                .process(ingest);
    }
}
