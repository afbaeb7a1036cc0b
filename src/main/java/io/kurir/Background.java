package io.kurir;

/**
 * Routing and delivery run at the lowest thread priority, so that on a busy core the threads that
 * answer webhooks (the event loop) and the store's writer, on which every step waits, go first: a
 * sender whose answer is slow times out and sends again, while a delivery that starts a moment later
 * loses nothing, and a burst is answered first and delivered right after in larger batches. The JVM
 * passes Java priorities on to the operating system only when told to (bin/kurir's
 * `-XX:ThreadPriorityPolicy=1`); without that this changes nothing. These threads never hold the
 * store's write lock: their writes are the store writer's to carry out.
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
