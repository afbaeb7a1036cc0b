package io.kurir.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One writer thread commits what was queued together; a lingering one waits a little for more. It
 * starts no commit that could not end before an item's deadline, and tries a failed batch's items
 * one by one only when a row, not the store, made it fail.
 */
class GroupCommitterTest {

    private static final long HOUR = TimeUnit.HOURS.toNanos(1);
    private static final long COMMIT_BOUND = TimeUnit.SECONDS.toNanos(1);

    private final List<List<Integer>> commits = new CopyOnWriteArrayList<>();
    private final Map<Integer, Exception> failures = new ConcurrentHashMap<>();
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

    /**
     * A started writer whose commits may take up to 1 s, with a deadline per item, that commits
     * batches of 3 (it lingers until it has them) with `commit`. Each item committed or failed
     * counts `decided` down.
     */
    private void startWithDeadlines(Map<Integer, Long> deadlines, CountDownLatch decided, GroupCommitter.Commit<Integer> commit) {
        writer = new GroupCommitter<>("test-writer", 100, 10, TimeUnit.SECONDS.toNanos(60), 3, items -> {
            commit.commit(items);
            commits.add(List.copyOf(items));
            items.forEach(item -> decided.countDown());
        }, (item, e) -> {
            failures.put(item, e);
            decided.countDown();
        }, deadlines::get, COMMIT_BOUND);
        writer.start();
    }

    /** Items 1, 2 and 3, each due an hour from now. */
    private static Map<Integer, Long> dueInAnHour() {
        long now = System.nanoTime();
        return Map.of(1, now + HOUR, 2, now + HOUR, 3, now + HOUR);
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

    @Test
    void anItemWithLessTimeLeftThanOneCommitMayTakeIsFailedWithoutBeingCommitted() throws Exception {
        CountDownLatch decided = new CountDownLatch(3);
        long now = System.nanoTime();
        startWithDeadlines(Map.of(1, now + HOUR, 2, now + COMMIT_BOUND / 2, 3, now + HOUR), decided, items -> { });
        offer(1, 3);
        assertTrue(decided.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(List.of(1, 3)), commits, "item 2 is not written");
        assertEquals(List.of(2), List.copyOf(failures.keySet()));
        assertInstanceOf(StoreUnavailable.class, failures.get(2));
    }

    /** How the pool and the drivers say that the store, not a row, failed a commit. */
    static Stream<Arguments> storeFailures() {
        BatchUpdateException connectionLost = new BatchUpdateException("Batch entry 0 was aborted", "08006", 0, new int[0], null);
        connectionLost.setNextException(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        return Stream.of(
                Arguments.of("no connection within the connection timeout", new SQLTransientConnectionException(
                        "kurir-store - Connection is not available, request timed out after 3000ms", "08001")),
                Arguments.of("connection lost mid-batch", connectionLost),
                Arguments.of("server shutting down", new SQLException("terminating connection due to administrator command", "57P01")),
                Arguments.of("statement timeout", new SQLException("canceling statement due to statement timeout", "57014")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storeFailures")
    void aBatchThatFailsBecauseOfTheStoreFailsEveryItemAtOnceWithoutTryingThemOneByOne(String what, SQLException failure)
            throws Exception {
        CountDownLatch decided = new CountDownLatch(3);
        List<List<Integer>> tried = new CopyOnWriteArrayList<>();
        startWithDeadlines(dueInAnHour(), decided, items -> {
            tried.add(List.copyOf(items));
            throw failure;
        });
        offer(1, 3);
        assertTrue(decided.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(List.of(1, 2, 3)), tried, "one commit tried, none of its items again alone");
        assertEquals(Map.of(1, failure, 2, failure, 3, failure), failures);
    }

    @Test
    void aBatchThatFailsBecauseOfOneRowCommitsTheOtherItemsOneByOne() throws Exception {
        CountDownLatch decided = new CountDownLatch(3);
        SQLException badRow = new SQLException("invalid byte sequence for encoding \"UTF8\": 0x00", "22021");
        startWithDeadlines(dueInAnHour(), decided, items -> {
            if (items.contains(2)) {
                throw badRow;
            }
        });
        offer(1, 3);
        assertTrue(decided.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(List.of(1), List.of(3)), commits);
        assertEquals(Map.of(2, badRow), failures);
    }
}
