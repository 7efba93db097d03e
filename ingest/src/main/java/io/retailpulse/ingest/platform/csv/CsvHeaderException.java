package io.retailpulse.ingest.platform.csv;

/** The upload cannot be read at all (no header, missing columns): nothing of it was accepted. */
public class CsvHeaderException extends RuntimeException {
    public CsvHeaderException(String message) {
        super(message);
    }
}
