package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One writer thread commits what was queued together; a lingering one waits a little for more. */
class GroupCommitterTest {

    private final List<List<Integer>> commits = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstStarted = new CountDownLatch(1);
    private GroupCommitter<Integer> writer;

    /** A started writer of batches of up to 10 that counts each committed item down. */
    private void start(long lingerMillis, CountDownLatch committed) {
        start(lingerMillis, 10, committed, new CountDownLatch(0));
    }

    /** The same, lingering only for batches under `enough`; its first commit waits for `firstMayEnd`. */
    private void start(long lingerMillis, int enough, CountDownLatch committed, CountDownLatch firstMayEnd) {
        writer = new GroupCommitter<>("test-writer", 100, 10, TimeUnit.MILLISECONDS.toNanos(lingerMillis), enough, items -> {
            if (commits.isEmpty()) {
                firstStarted.countDown();
                await(firstMayEnd);
            }
            commits.add(List.copyOf(items));
            items.forEach(item -> committed.countDown());
        }, (item, e) -> { });
        writer.start();
    }

    private void offer(int from, int to) {
        for (int i = from; i <= to; i++) {
            writer.offer(i);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @AfterEach
    void stop() throws InterruptedException {
        writer.stop();
    }

    @Test
    void aLingeringWriterCommitsItemsOfferedWithinItsLingerTogether() throws Exception {
        CountDownLatch committed = new CountDownLatch(3);
        start(1_000, committed);
        for (int i = 1; i <= 3; i++) {
            writer.offer(i);
            Thread.sleep(50);
        }
        assertTrue(committed.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(List.of(1, 2, 3)), commits);
    }

    @Test
    void aLingeringWriterCommitsAtOnceWhenItsBatchIsFull() throws Exception {
        CountDownLatch committed = new CountDownLatch(10);
        start(60_000, committed);
        offer(1, 10);
        assertTrue(committed.await(5, TimeUnit.SECONDS), "a full batch does not wait out the linger");
    }

    @Test
    void aLingeringWriterCommitsAtOnceWhenItHasEnoughItems() throws Exception {
        CountDownLatch committed = new CountDownLatch(3);
        start(60_000, 3, committed, new CountDownLatch(0));
        offer(1, 3);
        assertTrue(committed.await(5, TimeUnit.SECONDS), "enough items do not wait out the linger");
    }

    @Test
    void aBatchThatHasEnoughItemsWhenTakenIsCommittedWithoutLingering() throws Exception {
        CountDownLatch committed = new CountDownLatch(6);
        CountDownLatch firstMayEnd = new CountDownLatch(1);
        start(60_000, 3, committed, firstMayEnd);
        offer(1, 3);
        await(firstStarted);
        // queued while the first commit runs: the next batch is taken whole, already enough
        offer(4, 6);
        firstMayEnd.countDown();
        assertTrue(committed.await(5, TimeUnit.SECONDS), "a batch of enough items does not wait out the linger");
        assertEquals(List.of(List.of(1, 2, 3), List.of(4, 5, 6)), commits);
    }

    @Test
    void stoppingALingeringWriterCommitsItsBatchWithoutWaitingOutTheLinger() throws Exception {
        CountDownLatch committed = new CountDownLatch(1);
        start(60_000, committed);
        writer.offer(1);
        Thread.sleep(50);
        long started = System.nanoTime();
        writer.stop();
        assertEquals(0, committed.getCount(), "stop commits what the writer gathered");
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5), "stop does not wait out the linger");
    }

    @Test
    void aWriterWithoutLingerCommitsWhatIsQueuedWithoutWaitingForMore() throws Exception {
        CountDownLatch committed = new CountDownLatch(1);
        start(0, committed);
        writer.offer(1);
        assertTrue(committed.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(List.of(1)), commits);
    }
}
