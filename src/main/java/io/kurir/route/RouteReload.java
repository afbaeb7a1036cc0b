package io.kurir.route;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.kurir.Setting;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.FileWatcherResourceReloadStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * `kurir.routes.reload=true`: a saved route file replaces its own routes (by route id) without a restart;
 * the other files' routes run on untouched. Camel's file watcher and routes loader do the work. What they
 * leave open: a file whose routes fail to build would leave its old routes removed, so here the file's
 * last text that loaded is loaded again and the failure is logged in one line. A replaced
 * `kurir:destination:` route lets its attempts in flight finish; a replaced `kurir:source:` route's
 * events wait in the store for the new one.
 */
public final class RouteReload extends ServiceSupport {

    public static final Setting<Boolean> ENABLED = Setting.ofBoolean("kurir.routes.reload", false,
            "a saved file of `routes/` replaces its routes without a restart; meant for development ([Live reload](#live-reload))");

    private static final Logger LOG = LoggerFactory.getLogger(RouteReload.class);
    private static final Set<String> EXTENSIONS = Set.of("yaml", "java");

    private final CamelContext context;
    private final Path folder;
    /** By file name: the text its routes now run from. */
    private final Map<String, String> loaded = new ConcurrentHashMap<>();
    /** By file name: the last text that did not load, said once however often the watcher reports it. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();
    private FileWatcherResourceReloadStrategy watcher;

    public RouteReload(CamelContext context, Path folder) {
        this.context = context;
        this.folder = folder;
    }

    @Override
    protected void doStart() throws Exception {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (isRouteFile(file)) {
                    loaded.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
                }
            }
        }
        watcher = new FileWatcherResourceReloadStrategy(folder.toString());
        watcher.setFileFilter(file -> isRouteFile(file.toPath()));
        watcher.setResourceReload((name, resource) -> reload(resource));
        watcher.setCamelContext(context);
        watcher.start();
        LOG.info("Route files in {} are reloaded when saved (kurir.routes.reload=true)", folder);
    }

    @Override
    protected void doStop() throws Exception {
        if (watcher != null) {
            watcher.stop();
        }
    }

    private static boolean isRouteFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1)) && Files.isRegularFile(file);
    }

    /** Replaces the routes of one saved file, or keeps its old ones when the new text does not load. */
    void reload(Resource resource) {
        String name = Path.of(resource.getLocation().replaceFirst("^file:", "")).getFileName().toString();
        String text;
        try (InputStream in = resource.getInputStream()) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOG.warn("Route file {} is gone or unreadable; its routes run on until the next restart", name);
            return;
        }
        // an editor's save truncates the file before writing it: the empty file is a moment of the save
        if (text.isBlank() || text.equals(loaded.get(name)) || text.equals(refused.get(name))) {
            return;
        }
        RoutesLoader loader = PluginHelper.getRoutesLoader(context);
        try {
            Set<String> routes = loader.updateRoutes(List.of(resource));
            loaded.put(name, text);
            refused.remove(name);
            LOG.info("Reloaded route file {}: routes {}", name, String.join(", ", routes));
        } catch (Exception e) {
            refused.put(name, text);
            LOG.error("Route file {} did not load, its previous routes keep running: {}", name, oneLine(e));
            String previous = loaded.get(name);
            if (previous != null) {
                try {
                    loader.updateRoutes(List.of(ResourceHelper.fromString(resource.getLocation(), previous)));
                } catch (Exception again) {
                    LOG.error("Route file {}: its previous routes did not start again either: {}", name, oneLine(again));
                }
            }
        }
    }

    /** The innermost message on one line: what is wrong, not the layers of Camel it came up through. */
    private static String oneLine(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage()).replaceAll("\\s+", " ").trim();
        return message.length() <= 300 ? message : message.substring(0, 300) + "…";
    }
}
