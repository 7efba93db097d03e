package io.retailpulse.stack;

import org.jboss.logging.Logger;

/** {@code ./pulse up}: start the local stack in the background and return once every service is ready. */
final class UpCommand {
    private static final Logger LOG = Logger.getLogger(UpCommand.class);

    private UpCommand() {
    }

    static LocalStack run(StackConfig config) {
        LOG.infof("Starting Retail Pulse (state in %s/)", StackReport.relative(config, config.stateDir()));
        long begin = System.nanoTime();
        LocalStack stack = LocalStack.start(config);
        if (stack.startedComponents().isEmpty()) {
            LOG.info("Retail Pulse is already up.");
        } else {
            LOG.infof("Retail Pulse is up (%.1f s):", (System.nanoTime() - begin) / 1e9);
        }
        StackReport.print(stack);
        LOG.infof("Stop it with ./pulse down (the data stays in %s/).",
                StackReport.relative(config, config.stateDir()));
        return stack;
    }
}
