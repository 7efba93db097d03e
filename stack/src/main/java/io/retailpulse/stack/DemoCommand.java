package io.retailpulse.stack;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;

import org.jboss.logging.Logger;

/**
 * {@code ./pulse demo [--detach]}: bring the stack up, post the demo transactions to ingest, wait until
 * analytics-api shows every unit, print a summary, then keep running until Ctrl-C (which runs {@code down}).
 */
final class DemoCommand {
    private static final Logger LOG = Logger.getLogger(DemoCommand.class);
    private static final Duration VISIBLE_TIMEOUT = Duration.ofSeconds(60);

    private DemoCommand() {
    }

    /** Returns the exit code. */
    static int run(StackConfig config, boolean detach) throws InterruptedException {
        LocalStack stack = UpCommand.run(config);
        try {
            return loadAndShow(stack, config, detach);
        } catch (StackException e) {
            LOG.error(e.getMessage());
            LOG.info("The stack is still running (./pulse status shows it); stop it with ./pulse down.");
            return 1;
        }
    }

    private static int loadAndShow(LocalStack stack, StackConfig config, boolean detach) throws InterruptedException {
        PulseApi api = new PulseApi(stack.apiKey());
        DemoData data = DemoData.generate(LocalDate.now(ZoneOffset.UTC).minusDays(1));
        LOG.infof("Posting %d demo transactions (%d stores x %d products, %s .. %s) to ingest ...",
                data.rows().size(), DemoData.STORES, DemoData.PRODUCTS, data.from(), data.to());
        long begin = System.nanoTime();
        PulseApi.IngestResult result = api.postTransactions(stack.serviceUri("ingest"), data.csv());
        LOG.infof("ingest accepted %d, rejected %d", result.accepted(), result.rejected());
        result.errors().stream().limit(5).forEach(error -> LOG.warnf("  rejected %s", error));
        long expected = data.unitsExcludingLines(result.rejectedLines());

        long seen = awaitUnits(api, stack, data, expected);
        double seconds = (System.nanoTime() - begin) / 1e9;
        boolean complete = seen == expected;
        LOG.info("");
        LOG.info("Demo summary");
        LOG.infof("  rows posted          %d", data.rows().size());
        LOG.infof("  accepted / rejected  %d / %d", result.accepted(), result.rejected());
        if (complete) {
            LOG.infof("  units                %d, visible in analytics-api after %.1f s", expected, seconds);
        } else {
            LOG.warnf("analytics-api shows %d of %d units after %d s: see %s/ for the services' logs", seen,
                    expected, VISIBLE_TIMEOUT.toSeconds(), StackReport.relative(config, config.logDir()));
        }
        String analytics = stack.serviceUri("analytics-api").toString();
        LOG.infof("  daily sales          %s/api/v1/sales/daily?from=%s&to=%s", analytics, data.from(), data.to());
        LOG.infof("  API key              %s", stack.apiKey());
        LOG.info("");
        if (detach) {
            LOG.info("The stack keeps running; stop it with ./pulse down.");
            return complete ? 0 : 1;
        }
        CountDownLatch stopped = stopOnShutdown(config);
        LOG.info("Press Ctrl-C to stop the stack.");
        stopped.await();
        return complete ? 0 : 1;
    }

    private static long awaitUnits(PulseApi api, LocalStack stack, DemoData data, long expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + VISIBLE_TIMEOUT.toNanos();
        long seen = -1;
        StackException lastError = null;
        while (true) {
            try {
                seen = api.demoUnits(stack.serviceUri("analytics-api"), data);
            } catch (StackException e) {
                lastError = e;
                LOG.debugf("analytics-api not answering yet: %s", e.getMessage());
            }
            if (seen == expected) {
                return seen;
            }
            if (System.nanoTime() > deadline) {
                if (seen < 0 && lastError != null) {
                    throw lastError; // never a usable answer: say why
                }
                return seen;
            }
            Thread.sleep(1000);
        }
    }

    /**
     * Ctrl-C makes the JVM run its shutdown hooks: ours stops the stack. Registered before the prompt is printed,
     * so that an early Ctrl-C cannot slip through.
     */
    private static CountDownLatch stopOnShutdown(StackConfig config) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("");
            LOG.info("Stopping Retail Pulse ...");
            DownCommand.run(config);
            stopped.countDown();
        }, "pulse-demo-down"));
        return stopped;
    }
}
