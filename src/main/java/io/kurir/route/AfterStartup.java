package io.kurir.route;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;

/**
 * Holds back what claims work in the store (routing events, leasing deliveries) until every route has
 * started: a start that fails half way (a route whose endpoint cannot start) then exits having claimed
 * and attempted nothing. A route started later, once the gateway runs, goes at once.
 */
final class AfterStartup implements ExtendedStartupListener {

    private final AtomicBoolean done = new AtomicBoolean();
    private final Runnable work;

    private AfterStartup(Runnable work) {
        this.work = work;
    }

    static void run(CamelContext context, Runnable work) throws Exception {
        context.addStartupListener(new AfterStartup(work));
    }

    @Override
    public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
        // told at once when added to a context that runs already; during its start, routes may still fail
        if (alreadyStarted) {
            once();
        }
    }

    @Override
    public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
        once();
    }

    private void once() {
        if (done.compareAndSet(false, true)) {
            work.run();
        }
    }
}
