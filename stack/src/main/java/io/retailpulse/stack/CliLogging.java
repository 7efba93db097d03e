package io.retailpulse.stack;

import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Console logging for the {@code pulse} command: INFO lines print as plain output on stdout, warnings and errors go
 * to stderr with their level, libraries stay quiet. {@code PULSE_DEBUG=1} adds our debug lines and library INFO,
 * with logger names.
 */
public final class CliLogging {
    private CliLogging() {}

    /** Must run before anything touches java.util.logging or JBoss Logging. */
    public static void install() {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        System.setProperty("org.jboss.logging.provider", "jboss");
        boolean debug = System.getenv("PULSE_DEBUG") != null
                && !System.getenv("PULSE_DEBUG").isBlank();
        LogContext context = LogContext.getSystemLogContext();

        ConsoleHandler out = new ConsoleHandler(
                ConsoleHandler.Target.SYSTEM_OUT,
                new PatternFormatter(debug ? "%d{HH:mm:ss,SSS} %-5p [%c{1.}] %s%e%n" : "%s%n"));
        out.setLevel(debug ? Level.ALL : Level.INFO);
        out.setFilter(record -> record.getLevel().intValue() < Level.WARNING.intValue());
        out.setAutoFlush(true);
        ConsoleHandler err = new ConsoleHandler(
                ConsoleHandler.Target.SYSTEM_ERR,
                new PatternFormatter(debug ? "%d{HH:mm:ss,SSS} %-5p [%c{1.}] %s%e%n" : "%p: %s%n"));
        err.setLevel(Level.WARNING);
        err.setAutoFlush(true);

        org.jboss.logmanager.Logger root = context.getLogger("");
        root.setHandlers(new Handler[] {out, err});
        root.setLevel(Level.INFO);
        context.getLogger("io.retailpulse").setLevel(debug ? Level.FINE : Level.INFO);
        for (String chatty : new String[] {"org.apache.kafka", "kafka", "org.mariadb", "org.slf4j"}) {
            context.getLogger(chatty).setLevel(debug ? Level.INFO : Level.WARNING);
        }
    }
}
