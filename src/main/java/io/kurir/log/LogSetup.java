package io.kurir.log;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * Logback's configuration, in code rather than logback.xml: parsing XML took a second of the one
 * core at start-up. One line per message on standard output, for the supervisor to collect, with an
 * ISO-8601 time in UTC; or, with `KURIR_LOG_FORMAT=json`, one JSON object a line carrying the
 * {@link LogFields} of the event or delivery being handled. A file of one's own still wins:
 * `-Dlogback.configurationFile=…`. Found by Logback through META-INF/services.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {

    /** The fields of the event or delivery being handled, if any, follow the logger: `[event_id=evt_…, source=…]`. */
    static final String TEXT = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} [%thread] %-5level %logger{0}%replace( [%mdc]){' \\[\\]', ''} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(LogSettings.format().equals(LogSettings.JSON) ? json(context) : text(context));
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        // a pool's and the migrations' chatter stays out of the way
        context.getLogger("com.zaxxer.hikari").setLevel(Level.WARN);
        context.getLogger("org.flywaydb").setLevel(Level.ERROR);
        context.getLogger("io.kurir").setLevel(Level.toLevel(LogSettings.level(), Level.INFO));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Encoder<ILoggingEvent> text(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(TEXT);
        encoder.start();
        return encoder;
    }

    private static Encoder<ILoggingEvent> json(LoggerContext context) {
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(context);
        encoder.setTimeZone("UTC");
        encoder.setTimestampPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        // fields nobody queries
        encoder.getFieldNames().setVersion("[ignore]");
        encoder.getFieldNames().setLevelValue("[ignore]");
        encoder.start();
        return encoder;
    }
}
