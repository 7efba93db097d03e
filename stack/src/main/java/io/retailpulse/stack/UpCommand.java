package io.retailpulse.stack;

import org.jboss.logging.Logger;

/** {@code ./pulse up}: start the local stack in the background and return once every service is ready. */
final class UpCommand {
    private static final Logger LOG = Logger.getLogger(UpCommand.class);

    private UpCommand() {}

    static LocalStack run(StackConfig config) {
        LOG.infof("Starting Retail Pulse (state in %s/)", StackReport.relative(config, config.stateDir()));
        long begin = System.nanoTime();
        LocalStack stack;
        try {
            stack = LocalStack.start(config);
        } catch (StackException e) {
            throw new StackException("Retail Pulse is not fully up.\n" + e.getMessage(), e);
        }
        if (stack.startedComponents().isEmpty()) {
            LOG.info("Retail Pulse is already up.");
        } else {
            LOG.infof("Retail Pulse is up (%.1f s):", (System.nanoTime() - begin) / 1e9);
        }
        StackReport.print(stack);
        setUpBiUser(stack);
        LOG.infof(
                "Stop it with ./pulse down (the data stays in %s/).", StackReport.relative(config, config.stateDir()));
        return stack;
    }

    /** The read-only BI user for the bi_* views (docs/bi.md), when the stack runs its own MariaDB. */
    private static void setUpBiUser(LocalStack stack) {
        StackConfig config = stack.config();
        if (config.externalDbUrl().isPresent()) {
            return;
        }
        java.nio.file.Path file = config.stateDir().resolve("bi-password");
        String password = Secrets.readOrCreate(file, 24);
        try {
            BiUser.apply(java.net.URI.create(stack.dbUrl()).getPort(), LocalStack.DATABASE, password);
            LOG.infof(
                    "  %-14s user %s, password %s (in %s): SELECT on the bi_* views only, see docs/bi.md",
                    "BI (read-only)", BiUser.USER, password, StackReport.relative(config, file));
        } catch (RuntimeException e) {
            LOG.warnf("The BI user %s is not set up: %s", BiUser.USER, e.getMessage());
        }
    }
}
