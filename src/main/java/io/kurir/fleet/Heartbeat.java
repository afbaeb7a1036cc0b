package io.kurir.fleet;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.kurir.Setting;
import io.kurir.Settings;
import io.kurir.store.InstanceStore;
import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's membership of the fleet that shares the store. It beats every `timeout / 5`; while
 * its beats are younger than `kurir.instance.timeout` the other instances leave its
 * events and deliveries alone, whatever the lag of its queues. Once they are older, its work is taken
 * over at once. So that two instances never work on one claim, this one stops starting new work
 * (routing or attempts) one beat before the others may take it over, and work it claimed before
 * such a lapse stays dropped after it: {@link #holdsClaims(long)}.
 */
public final class Heartbeat extends ServiceSupport {

    public static final Setting<String> INSTANCE_ID = Setting.unset("kurir.instance.id", "host name `:` HTTP port",
            "this instance's name in the store; stable across restarts, so a restarted instance takes back its own work at once. "
                    + "Give each instance its own (at most 64 characters)");
    public static final Setting<Long> INSTANCE_TIMEOUT = Setting.ofLong("kurir.instance.timeout", 10_000,
            "ms without a heartbeat (one every fifth of it) after which an instance counts as down and the others take over its "
                    + "unrouted events and leased deliveries");

    private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);

    private final CamelContext context;
    private final InstanceStore instances;
    private final Clock clock;
    private final String id;
    private final String host;
    private final String version;
    private final String boot = UUID.randomUUID().toString();
    private final long timeoutMillis;
    private final long intervalMillis;
    private final List<Runnable> onPeerDown = new CopyOnWriteArrayList<>();
    private final List<Runnable> onBeatsResumed = new CopyOnWriteArrayList<>();
    private final Set<String> down = new HashSet<>();
    /** The last beat that was written, and the streak of unbroken beats it belongs to; claims hold from there. */
    private volatile Beat last;
    private volatile boolean displaced;

    /**
     * @param streak  counts lapses: it grows whenever a beat comes later than the others would wait, so a
     *                claim taken in an earlier streak may have been taken over since
     * @param atNanos System.nanoTime() just before the beat was written
     */
    private record Beat(long streak, long atNanos) {
    }
    private ScheduledExecutorService beats;

    private Heartbeat(CamelContext context, InstanceStore instances, Clock clock, String id, String host, long timeoutMillis) {
        this.context = context;
        this.instances = instances;
        this.clock = clock;
        this.id = id;
        this.host = host;
        this.version = versionOf(Heartbeat.class);
        this.timeoutMillis = timeoutMillis;
        this.intervalMillis = Math.max(1, timeoutMillis / 5);
    }

    /**
     * Registers this instance in the store, taking back what an earlier process of the same id held:
     * `kurir.instance.id`, by default the host name and the HTTP port, stable across restarts.
     */
    public static Heartbeat register(CamelContext context, Settings settings, InstanceStore instances, Clock clock) {
        String host = hostName();
        String id = settings.get(INSTANCE_ID.key(), host + ":" + settings.get("camel.server.port", "8080"));
        if (id.length() > 64) {
            throw new IllegalArgumentException(INSTANCE_ID.key() + " must be at most 64 characters, not " + id.length() + ": " + id);
        }
        long timeout = settings.getLong(INSTANCE_TIMEOUT);
        if (timeout < 1000) {
            throw new IllegalArgumentException(INSTANCE_TIMEOUT.key() + " must be at least 1000 ms, not " + timeout);
        }
        Heartbeat heartbeat = new Heartbeat(context, instances, clock, id, host, timeout);
        heartbeat.last = new Beat(0, System.nanoTime());
        instances.register(id, host, heartbeat.version, heartbeat.boot, clock.millis());
        LOG.info("Instance {} (version {}) joined the store; others take over its work {} ms after its last beat", id,
                heartbeat.version, timeout);
        return heartbeat;
    }

    public String id() {
        return id;
    }

    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** The current streak of beats: taken with a claim, and given to {@link #holdsClaims(long)} before working on it. */
    public long streak() {
        return last.streak();
    }

    /**
     * Whether this instance may start work on what it claimed during `streak`: its beats have not
     * lapsed since, and the last is recent enough that nobody may take the claim over before the work
     * has started.
     */
    public boolean holdsClaims(long streak) {
        Beat beat = last;
        return !displaced && beat.streak() == streak && System.nanoTime() - beat.atNanos() < fenceNanos();
    }

    /** How long after a beat this instance stops starting work: one beat before the others may take it over. */
    private long fenceNanos() {
        return TimeUnit.MILLISECONDS.toNanos(timeoutMillis - intervalMillis);
    }

    /** Told, on the heartbeat's thread, when another instance is found down: its work can be taken now. */
    public void onPeerDown(Runnable takeOver) {
        onPeerDown.add(takeOver);
    }

    /** Told, on the heartbeat's thread, when a beat goes through after a lapse: a new streak begins. */
    public void onBeatsResumed(Runnable resume) {
        onBeatsResumed.add(resume);
    }

    @Override
    protected void doStart() {
        // normal priority: a beat starved by a busy core would hand this instance's work to another
        beats = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "kurir-heartbeat");
        beats.scheduleWithFixedDelay(this::beat, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (beats != null) {
            context.getExecutorServiceManager().shutdownGraceful(beats);
        }
        try {
            instances.leave(id, boot);
        } catch (RuntimeException e) {
            LOG.warn("Could not mark instance {} as stopped (its work is taken over {} ms after its last beat): {}", id,
                    timeoutMillis, e.getMessage());
        }
    }

    private void beat() {
        long started = System.nanoTime();
        try {
            if (displaced) {
                return;
            }
            if (!instances.beat(id, boot, clock.millis())) {
                displaced = true;
                LOG.error("Another process registered as instance {}: this one starts no more work. Give each instance its own "
                        + "kurir.instance.id", id);
                return;
            }
            Beat previous = last;
            boolean lapsed = started - previous.atNanos() >= fenceNanos();
            last = new Beat(lapsed ? previous.streak() + 1 : previous.streak(), started);
            if (lapsed) {
                LOG.info("Instance {} beats again: it starts work anew on what is still its own", id);
                onBeatsResumed.forEach(Runnable::run);
            }
            noticeDown(clock.millis());
        } catch (RuntimeException e) {
            LOG.warn("Could not renew the heartbeat of instance {} (work stops {} ms after the last beat): {}", id,
                    timeoutMillis - intervalMillis, e.getMessage());
        }
    }

    private void noticeDown(long now) {
        boolean newlyDown = false;
        for (InstanceStore.Instance instance : instances.list()) {
            if (instance.id().equals(id) || instance.lastBeat() >= now - timeoutMillis) {
                down.remove(instance.id());
            } else if (down.add(instance.id())) {
                newlyDown = true;
            }
        }
        if (newlyDown) {
            onPeerDown.forEach(Runnable::run);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
