package io.retailpulse.forecasting.aggregation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.retailpulse.common.values.Ids;

/**
 * The one typed reader behind every consumer of this service: JSON to the topic's event with Jackson, then the
 * event's own checks. Whatever it refuses throws {@link InvalidEventException} with a reason people can read,
 * and {@link BatchPipeline} dead-letters the record with that reason.
 *
 * <p>The checks stay plain code rather than Bean Validation: the events are records in {@code common} shared with
 * ingest, and the reasons (with the column limits they protect) are part of what the dead-letter tests assert.
 *
 * @param <T> the topic's event
 */
public abstract class EventReader<T> {
    private final ObjectMapper mapper;
    private final Class<T> type;

    protected EventReader(ObjectMapper mapper, Class<T> type) {
        this.mapper = mapper;
        this.type = type;
    }

    /** Returns the checked event, or throws {@link InvalidEventException} with the reason. */
    public T read(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("empty record value");
        }
        T e;
        try {
            e = mapper.readValue(json, type);
        } catch (Exception ex) {
            throw new InvalidEventException("not a " + type.getSimpleName() + " JSON: " + ex.getMessage());
        }
        require(e != null, "record value is JSON null");
        return check(e);
    }

    /** The event's checks; returns the event to store (possibly with defaults filled in). */
    protected abstract T check(T event);

    protected static void require(boolean condition, String reason) {
        if (!condition) {
            throw new InvalidEventException(reason);
        }
    }

    /** The platform's id rule ({@link Ids}): present and within the 64 characters of every id column. */
    protected static boolean isId(String id) {
        return Ids.isId(id);
    }
}
