package io.retailpulse.inference.scoring;

import io.retailpulse.nlp.PulseTextModel;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * The pulse-text model version that scores right now. A retrained sentiment head is swapped in atomically: a
 * caller that started a pass before the swap finishes it with the old version. Several passes may run at once
 * ({@code pulse.inference.nlp.concurrent-passes} inference workers), so a pass holds its version through
 * {@link #use}, and a replaced version is closed when its last pass ends, never under a running pass. Swaps are
 * serialised ({@link #replace}), so a check-then-swap (a replica following the registry) cannot interleave with a
 * local retrain's swap.
 */
public final class ActiveModel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ActiveModel.class);

    /** One version and the passes running on it; closed once it is replaced and no pass uses it. */
    private static final class Version {
        final PulseTextModel model;
        final AtomicInteger users = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();
        volatile boolean retired;
        volatile boolean last; // also close what every version shares (tokenizer): the service is stopping

        Version(PulseTextModel model) {
            this.model = model;
        }

        void release() {
            if (users.decrementAndGet() == 0 && retired) {
                closeOnce();
            }
        }

        void retire(boolean lastOne) {
            last = lastOne;
            retired = true;
            if (users.get() == 0) {
                closeOnce();
            }
        }

        private void closeOnce() {
            if (closed.compareAndSet(false, true)) {
                model.close();
                if (last) {
                    model.closeShared();
                }
            }
        }
    }

    private final AtomicReference<Version> current;
    private final String baseVersion;

    public ActiveModel(PulseTextModel model) {
        this.current = new AtomicReference<>(new Version(model));
        this.baseVersion = model.version();
    }

    /** The version as loaded from the artifacts, before any retrained head: the encoder every head is trained on. */
    public String baseVersion() {
        return baseVersion;
    }

    /**
     * The active version, for its name, version, card and head. A pass over the encoder goes through {@link #use}:
     * a version returned here may be replaced and closed meanwhile.
     */
    public PulseTextModel get() {
        Version v = current.get();
        if (v == null) {
            throw new IllegalStateException("the sentiment model is closed");
        }
        return v.model;
    }

    /** Runs {@code work} on the active version, which stays open until {@code work} returns even if swapped. */
    public <T> T use(Function<PulseTextModel, T> work) {
        Version v = acquire();
        try {
            return work.apply(v.model);
        } finally {
            v.release();
        }
    }

    private Version acquire() {
        while (true) {
            Version v = current.get();
            if (v == null) {
                throw new IllegalStateException("the sentiment model is closed");
            }
            v.users.incrementAndGet();
            if (current.get() == v) {
                return v; // still active after we counted ourselves in: it cannot be closed under us
            }
            v.release(); // swapped meanwhile: take the new one
        }
    }

    /**
     * Serialised swap: {@code next} gets the active version and returns its successor (or null, or the same, to keep
     * it); the previous version is closed when its last running pass ends.
     */
    public synchronized void replace(UnaryOperator<PulseTextModel> next) {
        Version v = current.get();
        if (v == null) {
            return;
        }
        PulseTextModel n = next.apply(v.model);
        if (n == null || n == v.model) {
            return;
        }
        current.set(new Version(n));
        LOG.infof("sentiment model %s %s replaced by %s", v.model.name(), v.model.version(), n.version());
        v.retire(false);
    }

    @Override
    public synchronized void close() {
        Version v = current.getAndSet(null);
        if (v != null) {
            v.retire(true);
        }
    }
}
