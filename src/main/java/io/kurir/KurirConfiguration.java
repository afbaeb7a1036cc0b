package io.kurir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.kurir.admin.AdminToken;
import io.kurir.admin.DeliveriesApi;
import io.kurir.admin.EventsApi;
import io.kurir.admin.InstancesApi;
import io.kurir.admin.OverviewApi;
import io.kurir.admin.TryApi;
import io.kurir.admin.WebPage;
import io.kurir.deliver.ChannelHttpClient;
import io.kurir.deliver.EventFields;
import io.kurir.deliver.GuardedHttpComponent;
import io.kurir.deliver.OutboundAddressGuard;
import io.kurir.deliver.OutboundHeaderFilter;
import io.kurir.deliver.OutboundMailHeaderFilter;
import io.kurir.deliver.OutboundSigner;
import io.kurir.deliver.Phone;
import io.kurir.deliver.TelegramText;
import io.kurir.deliver.WhatsAppMessages;
import io.kurir.fleet.Heartbeat;
import io.kurir.ingest.EventLoopHttpEngine;
import io.kurir.ingest.IngestProcessor;
import io.kurir.ingest.IngestRoute;
import io.kurir.ingest.IngestSettings;
import io.kurir.ingest.IngestStats;
import io.kurir.ingest.Sources;
import io.kurir.observe.CommitMeters;
import io.kurir.observe.Metrics;
import io.kurir.observe.RoutesOutOfCamelMetrics;
import io.kurir.observe.StoreCommits;
import io.kurir.observe.StoreGauges;
import io.kurir.observe.StoreReadinessCheck;
import io.kurir.observe.WebhookMeters;
import io.kurir.route.DeliveryScheduler;
import io.kurir.route.EventRouter;
import io.kurir.route.KurirComponent;
import io.kurir.route.RouteDefaults;
import io.kurir.route.RouteReload;
import io.kurir.store.CommitProbe;
import io.kurir.store.Database;
import io.kurir.store.DeliveryStore;
import io.kurir.store.EventLog;
import io.kurir.store.EventQueries;
import io.kurir.store.InstanceStore;
import io.kurir.store.RefusalStore;
import io.kurir.store.Retention;
import io.kurir.store.RoutingClaims;
import io.kurir.store.Store;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.VertxOptions;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.PlatformHttpConstants;
import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Builds Kurir's parts from configuration and hands them to Camel: the store, the `kurir:`
 * component, the ingest route, the admin API, outbound signing and the guarded `http`/`https`
 * components. YAML routes in `routes/` are loaded by Camel Main after this.
 */
public final class KurirConfiguration implements CamelConfiguration {

    public static final Setting<Integer> WORKER_THREADS = Setting.ofInt("kurir.http.worker-threads", 20,
            "HTTP worker threads of the admin API and page; webhooks hold none: they are read, verified and answered on Vert.x's "
                    + "event loop, and wait for their group commit with a callback");
    public static final Setting<Boolean> ALLOW_PRIVATE = Setting.ofBoolean("kurir.http.allow-private", false,
            "outbound HTTP to loopback, private and link-local addresses; refused unless `true` (keep it `false` in production)");

    @Override
    public void configure(CamelContext context) throws Exception {
        Settings settings = new Settings(context);
        Clock clock = Clock.systemUTC();
        boolean metricsEnabled = Metrics.enabled(settings);
        MeterRegistry meters = Metrics.registry(context, metricsEnabled);

        // webhooks are served on the event loop; the admin API's requests each take a worker thread
        context.getRegistry().bind(PlatformHttpConstants.PLATFORM_HTTP_ENGINE_NAME, PlatformHttpEngine.class,
                new EventLoopHttpEngine(Set.of(IngestRoute.PATH)));
        context.getRegistry().bind("kurirVertxOptions",
                new VertxOptions().setWorkerPoolSize(settings.getInt(WORKER_THREADS)));
        // the port before the store: a Kurir that cannot serve must not have touched it
        ListenFirst.now(context);

        Database.Timeouts timeouts = Database.timeouts(settings);
        HikariDataSource dataSource = CheckOnly.in(context) ? Database.scratch(settings) : Database.open(settings);
        DataSource routesData = CheckOnly.in(context) ? dataSource : Database.openForRoutes(settings, dataSource);
        context.getRegistry().bind("kurirDataSource", routesData);
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                dataSource.close();
                if (routesData != dataSource) {
                    ((HikariDataSource) routesData).close();
                }
            }
        }, true, true);
        Store store = new Store(dataSource, settings.getLong(Store.COMMIT_DELAY), settings.getInt(Store.COMMIT_DELAY_BELOW),
                timeouts.commitBoundMillis());
        // started here, as the heartbeat registers through it; stopped after everything that writes
        store.start();
        context.addService(store, true, true);

        InstanceStore instances = new InstanceStore(store);
        Heartbeat heartbeat = Heartbeat.register(context, settings, instances, clock);
        EventLog log = new EventLog(store, heartbeat.id());
        EventQueries events = new EventQueries(store);
        DeliveryStore deliveries = new DeliveryStore(store, heartbeat.timeoutMillis());
        store.observeEventCommits(new CommitMeters(meters, "events"));
        store.observeAttemptCommits(new CommitMeters(meters, "attempts"));
        // readiness: DOWN while the store does not commit events (the writer's commits, else a probe's)
        StoreCommits commits = new StoreCommits(context, new CommitProbe(store, heartbeat.id()), meters);
        store.observeEventCommits(commits);
        context.getRegistry().bind("kurirStoreReadiness", new StoreReadinessCheck(commits));
        DeliveryScheduler scheduler = new DeliveryScheduler();
        heartbeat.onPeerDown(scheduler::wakeAll);
        deliveries.onAttemptsCommitted(scheduler::attemptsCommitted);
        EventRouter router = new EventRouter(context, new RoutingClaims(store, heartbeat.id(), heartbeat.timeoutMillis()), scheduler,
                heartbeat, clock, new EventRouter.RouterSettings(settings.getInt(EventRouter.THREADS),
                settings.getLong(EventRouter.RECOVERY_INTERVAL), settings.getLong(EventRouter.RETRY_DELAY),
                settings.getLong(EventRouter.MAX_QUEUED_BYTES)));
        log.onStored(router::stored);
        log.onCommitted(router::wake);
        // the heartbeat is stopped last: what this instance leaves unfinished is taken over at once after that
        context.addService(heartbeat, true, true);
        context.addService(router, true, true);
        context.addService(commits, true, true);
        context.addComponent("kurir", new KurirComponent(settings, deliveries, router, scheduler, heartbeat, clock, meters));

        context.getRegistry().bind("kurirOutboundHeaders", new OutboundHeaderFilter());
        context.getRegistry().bind("kurirMailHeaders", new OutboundMailHeaderFilter());
        // helpers that destination routes call by name
        context.getRegistry().bind("eventFields", new EventFields());
        context.getRegistry().bind("phone", new Phone());
        context.getRegistry().bind("telegramText", new TelegramText());
        context.getRegistry().bind("whatsappMessages", new WhatsAppMessages());
        // so that a refusal by Telegram's or WhatsApp's API fails the send as an http: send's does, typed
        ChannelHttpClient.install(context);
        // outbound HTTP connects only where the address guard lets it, whatever the route or the payload names
        OutboundAddressGuard guard = new OutboundAddressGuard(settings.getBoolean(ALLOW_PRIVATE));
        context.addComponent("http", new GuardedHttpComponent(guard));
        context.addComponent("https", new GuardedHttpComponent(guard));
        context.addRoutesConfigurations(new RouteDefaults(new OutboundSigner(settings, clock)));

        Sources sources = new Sources(settings);
        RefusalStore refusals = new RefusalStore(store, heartbeat.id());
        IngestStats stats = new IngestStats(context, refusals, clock);
        context.addService(stats, true, true);
        IngestProcessor ingest = new IngestProcessor(sources, log, stats, new WebhookMeters(meters, sources.all().keySet()),
                IngestSettings.from(settings, timeouts.storeMillis()), clock);
        context.addRoutes(new IngestRoute(ingest));

        AdminToken token = AdminToken.from(settings);
        context.addRoutes(new EventsApi(token, events, deliveries, scheduler, clock));
        context.addRoutes(new DeliveriesApi(token, deliveries, scheduler, clock, settings.getDouble(DeliveriesApi.REPLAY_RATE)));
        context.addRoutes(new OverviewApi(token, settings, sources, stats, ingest, events, deliveries, scheduler, clock));
        context.addRoutes(new TryApi(token, sources, ingest, router));
        context.addRoutes(new InstancesApi(token, instances, heartbeat, clock));
        context.addRoutes(new WebPage());
        if (metricsEnabled) {
            context.addStartupListener(new RoutesOutOfCamelMetrics(IngestRoute.ID));
            dataSource.setMetricRegistry(meters);
            context.addService(new StoreGauges(context, meters, deliveries, events, scheduler::destinations, sources.all().keySet(),
                    clock, settings.getLong(StoreGauges.INTERVAL)), true, true);
        }
        context.addService(new Retention(context, store, refusals, clock, Duration.ofDays(settings.getLong(Retention.DAYS)),
                settings.getLong(Retention.INTERVAL)), true, true);
        if (settings.getBoolean(RouteReload.ENABLED) && !CheckOnly.in(context)) {
            context.addService(new RouteReload(context, Path.of("routes")), true, true);
        }
    }
}
