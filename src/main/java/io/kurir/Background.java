package io.kurir;

/**
 * Routing, delivery and retention run at the lowest thread priority, so that on a busy core the
 * threads that answer webhooks (the event loop and the event writer) go first: a sender whose answer
 * is slow times out and sends again, while a delivery that starts a moment later loses nothing. The
 * JVM passes Java priorities on to the operating system only when told to (bin/kurir's
 * `-XX:ThreadPriorityPolicy=1`); without that this changes nothing.
 * <p>
 * Their writes to the embedded store run on a thread of normal priority (the store's lane): the
 * store has one write lock, and a lowered thread holding it would hold up the webhooks' commit. For
 * the same reason a route's {@code jdbc:} connection runs its thread at normal priority while it is
 * held ({@link io.kurir.store.RouteDataSource}).
 * A thread started by a lowered thread starts lowered too (Linux), and only root can raise it again.
 */
public final class Background {

    private Background() {
    }

    /** Called at the start of each background task: cheap once the thread is already lowered. */
    public static void lowerPriority() {
        Thread thread = Thread.currentThread();
        if (thread.getPriority() != Thread.MIN_PRIORITY) {
            thread.setPriority(Thread.MIN_PRIORITY);
        }
    }
}
