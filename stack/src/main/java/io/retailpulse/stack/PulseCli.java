package io.retailpulse.stack;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/** Parses the command line, runs the command, and turns failures into one clear message and an exit code. */
final class PulseCli {
    private static final Logger LOG = Logger.getLogger(PulseCli.class);
    private static final String USAGE = String.join(
            "\n",
            "usage: ./pulse <command>",
            "  up [--replicas N]  start Kafka, MariaDB and the four services in the background; N instances of",
            "                  each service (instance k on the service's port + 10k, one consumer group per role)",
            "  down            stop what up started (the data stays in .pulse/)",
            "  status          what runs, where, healthy or not",
            "  demo [--detach] up, generate demo sales and posts, run a forecast, show the result; Ctrl-C stops",
            "                  (--detach: return and leave the stack up)",
            "  import PATH...  up, then import CSV files or directories (transactions or date,store,item,sales)",
            "environment: KAFKA_BOOTSTRAP_SERVERS, PULSE_DB_URL/PULSE_DB_USER/PULSE_DB_PASSWORD (use external ones),",
            "  PULSE_API_KEY, PULSE_KAFKA_PORT, PULSE_DB_PORT, PULSE_<SERVICE>_PORT (e.g. PULSE_INGEST_PORT),",
            "  PULSE_HEALTH_TIMEOUT (seconds), PULSE_STATE_DIR (default .pulse), PULSE_DEBUG,",
            "  PULSE_BIND_HOST (default 127.0.0.1; 0.0.0.0 opens the services to the network),",
            "  PULSE_REPLICAS (as --replicas; without either, up keeps as many instances as the last up started)");

    private PulseCli() {}

    static int run(String[] args, Map<String, String> env) {
        List<String> arguments = List.of(args);
        String command = arguments.isEmpty() ? "help" : arguments.get(0);
        try {
            env = withReplicasOption(arguments, env);
            StackConfig config = StackConfig.fromEnvironment(home(env), env);
            switch (command) {
                case "up" -> UpCommand.run(config);
                case "down" -> DownCommand.run(config);
                case "status" -> {
                    return StatusCommand.run(config) ? 0 : 3;
                }
                case "demo" -> {
                    return DemoCommand.run(config, arguments.contains("--detach"));
                }
                case "import" -> {
                    return ImportCommand.run(config, arguments.subList(1, arguments.size()));
                }
                case "help", "-h", "--help" -> LOG.info(USAGE);
                default -> {
                    LOG.errorf("unknown command '%s'%n%s", command, USAGE);
                    return 2;
                }
            }
            return 0;
        } catch (StackException e) {
            LOG.error(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** {@code --replicas N} (or {@code --replicas=N}) anywhere after the command, as {@code PULSE_REPLICAS}. */
    static Map<String, String> withReplicasOption(List<String> arguments, Map<String, String> env) {
        for (int i = 1; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            String value = null;
            if (argument.equals("--replicas")) {
                if (i + 1 >= arguments.size()) {
                    throw new StackException("--replicas needs a number, e.g. ./pulse up --replicas 2");
                }
                value = arguments.get(i + 1);
            } else if (argument.startsWith("--replicas=")) {
                value = argument.substring("--replicas=".length());
            }
            if (value != null) {
                Map<String, String> copy = new java.util.HashMap<>(env);
                copy.put("PULSE_REPLICAS", Integer.toString(StackConfig.replicaCount(value)));
                return copy;
            }
        }
        return env;
    }

    /** {@code PULSE_HOME}, else the project that holds this jar ({@code <home>/stack/target/pulse-stack.jar}). */
    static Path home(Map<String, String> env) {
        String configured = env.get("PULSE_HOME");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        try {
            Path jar = Path.of(Pulse.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path target = jar.getParent();
            if (Files.isRegularFile(jar)
                    && target != null
                    && target.getFileName().toString().equals("target")
                    && target.getParent() != null
                    && target.getParent().getFileName().toString().equals("stack")) {
                return target.getParent().getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // Fall back to the working directory, which ./pulse sets to the project root.
        }
        return Path.of("").toAbsolutePath();
    }
}
