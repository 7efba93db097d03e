package io.retailpulse.ingest.platform.csv;

import io.retailpulse.common.api.ProblemException;

/**
 * The upload cannot be read at all (no header, missing columns): nothing of it was accepted. A 400 problem with
 * this message (common's {@code ProblemMappers}), so no resource has to catch it.
 */
public class CsvHeaderException extends ProblemException {
    public CsvHeaderException(String message) {
        super(400, "Bad Request", message, null);
    }
}
