package io.retailpulse.ingest.platform.csv;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads a CSV header (BOM, blank lines, any column order, extra columns) into column positions. */
final class CsvHeader {
    /** Key of the number of columns in the map {@link #read} returns. */
    static final String COUNT = "#count";

    private CsvHeader() {}

    /** Column name (lower case) to position, plus {@link #COUNT}; throws {@link CsvHeaderException}. */
    static Map<String, Integer> read(CsvLineReader lines, List<String> required, int maxLineChars) throws IOException {
        String line = lines.next();
        while (line != null && line.isBlank()) {
            line = lines.next();
        }
        if (line == null) {
            throw new CsvHeaderException("The body is empty: expected a CSV header " + String.join(",", required));
        }
        if (line == CsvLineReader.TOO_LONG) {
            throw new CsvHeaderException("The header line is longer than " + maxLineChars + " characters");
        }
        if (!line.isEmpty() && line.charAt(0) == '\uFEFF') {
            line = line.substring(1);
        }
        List<String> names;
        try {
            names = CsvFields.split(line);
        } catch (IllegalArgumentException e) {
            throw new CsvHeaderException("Unreadable CSV header: " + e.getMessage());
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).toLowerCase(Locale.ROOT);
            if (index.putIfAbsent(name, i) != null && required.contains(name)) {
                throw new CsvHeaderException("Column '" + name + "' appears twice in the header");
            }
        }
        List<String> missing =
                required.stream().filter(c -> !index.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new CsvHeaderException("The CSV header lacks column(s) " + String.join(", ", missing) + "; expected "
                    + String.join(",", required) + " (extra columns are allowed)");
        }
        index.put(COUNT, names.size());
        return index;
    }
}
