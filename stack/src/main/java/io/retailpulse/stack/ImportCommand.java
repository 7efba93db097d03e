package io.retailpulse.stack;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * {@code ./pulse import FILE|DIR ...}: batch import of CSV files into ingest, each streamed from disk. The
 * header decides the endpoint: transactions ({@code transaction_id,...}) or sales history
 * ({@code date,store,item,sales}). A directory contributes its {@code *.csv} files in name order.
 */
final class ImportCommand {
    private static final Logger LOG = Logger.getLogger(ImportCommand.class);
    static final String TRANSACTIONS = "/api/v1/transactions";
    static final String SALES_HISTORY = "/api/v1/sales-history";
    private static final Set<String> HISTORY_COLUMNS = Set.of("date", "store", "item", "sales");
    private static final int ERRORS_SHOWN = 10;

    private ImportCommand() {}

    /** Returns the exit code: 0 when every row of every file was accepted. */
    static int run(StackConfig config, List<String> arguments) {
        List<Path> files = files(arguments);
        List<String> endpoints = files.stream().map(ImportCommand::endpointFor).toList();
        LocalStack stack = UpCommand.run(config);
        PulseApi api = new PulseApi(stack.apiKey());
        boolean clean = true;
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            JsonNode answer;
            try {
                answer = api.postCsv(stack.serviceUri("ingest"), endpoints.get(i), file, "ingest");
            } catch (IOException e) {
                throw new StackException("cannot read " + file + ": " + e.getMessage(), e);
            }
            long rejected = answer.path("rejected").asLong();
            LOG.infof(
                    "%s -> %s: %d accepted, %d rejected%s",
                    file,
                    endpoints.get(i),
                    answer.path("accepted").asLong(),
                    rejected,
                    answer.has("duplicates") ? ", " + answer.path("duplicates").asLong() + " duplicates" : "");
            for (JsonNode error : iterable(answer.path("errors"))) {
                LOG.warnf(
                        "  line %d: %s",
                        error.path("line").asLong(), error.path("reason").asText());
            }
            if (rejected > ERRORS_SHOWN) {
                LOG.warnf("  ... %d more rejected rows (all on the .dlq topic)", rejected - ERRORS_SHOWN);
            }
            clean &= rejected == 0;
        }
        return clean ? 0 : 1;
    }

    private static Iterable<JsonNode> iterable(JsonNode errors) {
        List<JsonNode> shown = new ArrayList<>();
        errors.forEach(e -> {
            if (shown.size() < ERRORS_SHOWN) {
                shown.add(e);
            }
        });
        return shown;
    }

    /** The files named, directories expanded to their CSV files; a missing path or an empty list is an error. */
    static List<Path> files(List<String> arguments) {
        if (arguments.isEmpty()) {
            throw new StackException("usage: ./pulse import FILE|DIR ... (CSV files of transactions or sales history)");
        }
        List<Path> files = new ArrayList<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            if (Files.isDirectory(path)) {
                try (Stream<Path> listing = Files.list(path)) {
                    files.addAll(listing.filter(p -> p.getFileName()
                                    .toString()
                                    .toLowerCase(Locale.ROOT)
                                    .endsWith(".csv"))
                            .filter(Files::isRegularFile)
                            .sorted()
                            .toList());
                } catch (IOException e) {
                    throw new StackException("cannot list " + path + ": " + e.getMessage(), e);
                }
            } else if (Files.isRegularFile(path)) {
                files.add(path);
            } else {
                throw new StackException(argument + " is neither a file nor a directory");
            }
        }
        if (files.isEmpty()) {
            throw new StackException("no CSV files in " + String.join(", ", arguments));
        }
        return files;
    }

    /** The ingest endpoint for the file's header, or an error naming the header. */
    static String endpointFor(Path file) {
        String header;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            header = reader.readLine();
        } catch (IOException e) {
            throw new StackException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (header == null) {
            throw new StackException(file + " is empty");
        }
        Set<String> columns = Arrays.stream(header.replace("\uFEFF", "").split(","))
                .map(c -> c.trim().replace("\"", "").toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
        if (columns.contains("transaction_id")) {
            return TRANSACTIONS;
        }
        if (columns.equals(HISTORY_COLUMNS)) {
            return SALES_HISTORY;
        }
        throw new StackException(
                file + " has the header '" + header + "': expected transactions "
                        + "(transaction_id,ts,store_id,product_id,quantity,unit_price) or sales history (date,store,item,sales)");
    }
}
