package io.retailpulse.inference.quality;

import io.retailpulse.stack.testing.SharedDataRoot;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The shared public data, read in place (never copied into the repo): {@code ../../shared/data} from the
 * inference module, or the system property {@code pulse.shared.data}. A missing folder fails clearly.
 */
public final class SharedData {
    /** A text with its ground-truth labels (one per scheme, e.g. Product and Issue). */
    public record Labelled(String text, List<String> labels) {}

    private SharedData() {}

    public static Path root() {
        return SharedDataRoot.locate(SharedData.class, "topics");
    }

    /** BANKING77 train: 10,003 queries with their category. */
    public static List<Labelled> banking77() {
        return read(root().resolve("topics/banking77/train.csv"), "text", List.of("category"));
    }

    /** CFPB complaints that have a narrative, labelled by Product and Issue. */
    public static List<Labelled> cfpbNarratives() {
        return read(
                root().resolve("topics/cfpb-complaints/complaints_sample.csv"),
                "Consumer complaint narrative",
                List.of("Product", "Issue"));
    }

    private static List<Labelled> read(Path file, String textColumn, List<String> labelColumns) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(
                    "missing data file " + file.toAbsolutePath().normalize());
        }
        List<Labelled> out = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser csv = CSVFormat.DEFAULT
                        .builder()
                        .setHeader()
                        .setSkipHeaderRecord(true)
                        .get()
                        .parse(reader)) {
            for (CSVRecord r : csv) {
                String text = r.get(textColumn);
                if (text == null || text.isBlank()) {
                    continue;
                }
                out.add(new Labelled(text, labelColumns.stream().map(r::get).toList()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
