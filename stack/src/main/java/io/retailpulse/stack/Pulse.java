package io.retailpulse.stack;

/**
 * The {@code ./pulse} command line (up, down, status, demo). Deliberately without a static logger: logging must be
 * configured before the first logger is created.
 */
public final class Pulse {
    private Pulse() {}

    public static void main(String[] args) {
        CliLogging.install();
        System.exit(PulseCli.run(args, System.getenv()));
    }
}
