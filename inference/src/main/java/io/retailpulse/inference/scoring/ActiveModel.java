package io.retailpulse.inference.scoring;

import io.retailpulse.nlp.PulseTextModel;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The pulse-text model version that scores right now. A retrained sentiment head is swapped in atomically: a
 * caller that took {@link #get()} before the swap finishes its batch with the old version. Every caller runs on the
 * single inference worker ({@code config.InferencePool}) and so does the swap, so the old version is closed at
 * once without cutting a pass short.
 */
public final class ActiveModel implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ActiveModel.class);

    private final AtomicReference<PulseTextModel> current;
    private final String baseVersion;

    public ActiveModel(PulseTextModel model) {
        this.current = new AtomicReference<>(model);
        this.baseVersion = model.version();
    }

    /** The version as loaded from the artifacts, before any retrained head: the encoder every head is trained on. */
    public String baseVersion() {
        return baseVersion;
    }

    public PulseTextModel get() {
        return current.get();
    }

    /** Makes {@code next} the active version and closes the previous one (its encoder session, not the tokenizer). */
    public void swap(PulseTextModel next) {
        PulseTextModel previous = current.getAndSet(next);
        if (previous != null && previous != next) {
            LOG.infof("sentiment model %s %s replaced by %s", previous.name(), previous.version(), next.version());
            previous.close();
        }
    }

    @Override
    public void close() {
        PulseTextModel m = current.getAndSet(null);
        if (m != null) {
            m.close();
            m.closeShared();
        }
    }
}
