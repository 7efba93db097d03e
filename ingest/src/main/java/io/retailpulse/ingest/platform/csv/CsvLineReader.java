package io.retailpulse.ingest.platform.csv;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads physical lines with a length cap, so one endless line cannot exhaust memory. Accepts LF and CRLF.
 * Our own reader (not BufferedReader) because line numbers must be exact for error reports.
 */
final class CsvLineReader {
    /** A line that exceeded the cap: its text is dropped, the reader is positioned after it. */
    static final String TOO_LONG = new String("<too long>");

    private final Reader in;
    private final int maxChars;
    private final char[] buf = new char[8192];
    private int pos;
    private int len;
    private long lineNumber;

    CsvLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The 1-based number of the line last returned by {@link #next()}. */
    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator, {@link #TOO_LONG} if over the cap, or null at the end. */
    String next() throws IOException {
        StringBuilder line = new StringBuilder(128);
        boolean tooLong = false;
        boolean sawAny = false;
        while (true) {
            if (pos == len) {
                len = in.read(buf);
                pos = 0;
                if (len <= 0) {
                    len = 0;
                    if (!sawAny) {
                        return null;
                    }
                    break;
                }
            }
            sawAny = true;
            char c = buf[pos++];
            if (c == '\n') {
                break;
            }
            if (!tooLong) {
                if (line.length() >= maxChars) {
                    tooLong = true;
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }
        lineNumber++;
        if (tooLong) {
            return TOO_LONG;
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }
}
