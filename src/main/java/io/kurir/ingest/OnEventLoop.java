package io.kurir.ingest;

import java.util.concurrent.Executor;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs tasks on the event loop of one Vert.x context: at once when already there, else queued to it.
 * A webhook's commit completes on the store's writer thread; its answer belongs to its connection's loop.
 */
final class OnEventLoop implements Executor {

    private final Context context;

    private OnEventLoop(Context context) {
        this.context = context;
    }

    /** The event loop the calling code runs on. */
    static OnEventLoop current() {
        Context context = Vertx.currentContext();
        if (context == null) {
            throw new IllegalStateException("not called on a Vert.x event loop");
        }
        return new OnEventLoop(context);
    }

    Vertx vertx() {
        return context.owner();
    }

    @Override
    public void execute(Runnable task) {
        if (Vertx.currentContext() == context) {
            task.run();
        } else {
            context.runOnContext(ignored -> task.run());
        }
    }
}
