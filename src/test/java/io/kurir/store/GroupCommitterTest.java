package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** One writer thread commits what was queued together; a lingering one waits a little for more. */
class GroupCommitterTest {

    private final List<List<Integer>> commits = new CopyOnWriteArrayList<>();

    private GroupCommitter<Integer> writer(long lingerMillis, CountDownLatch committed) {
        return new GroupCommitter<>("test-writer", 100, 10, lingerMillis, items -> {
            commits.add(List.copyOf(items));
            items.forEach(item -> committed.countDown());
        }, (item, e) -> { });
    }

    @Test
    void aLingeringWriterCommitsItemsOfferedWithinItsLingerTogether() throws Exception {
        CountDownLatch committed = new CountDownLatch(3);
        GroupCommitter<Integer> writer = writer(1_000, committed);
        writer.start();
        try {
            for (int i = 1; i <= 3; i++) {
                writer.offer(i);
                Thread.sleep(50);
            }
            committed.await(5, TimeUnit.SECONDS);
            assertEquals(List.of(List.of(1, 2, 3)), commits);
        } finally {
            writer.stop();
        }
    }

    @Test
    void aLingeringWriterCommitsAtOnceWhenItsBatchIsFull() throws Exception {
        CountDownLatch committed = new CountDownLatch(10);
        GroupCommitter<Integer> writer = writer(60_000, committed);
        writer.start();
        try {
            for (int i = 1; i <= 10; i++) {
                writer.offer(i);
            }
            assertTrue(committed.await(5, TimeUnit.SECONDS), "a full batch does not wait out the linger");
        } finally {
            writer.stop();
        }
    }

    @Test
    void aWriterWithoutLingerCommitsWhatIsQueuedWithoutWaitingForMore() throws Exception {
        CountDownLatch committed = new CountDownLatch(1);
        GroupCommitter<Integer> writer = writer(0, committed);
        writer.start();
        try {
            writer.offer(1);
            assertTrue(committed.await(5, TimeUnit.SECONDS));
            assertEquals(List.of(List.of(1)), commits);
        } finally {
            writer.stop();
        }
    }
}
