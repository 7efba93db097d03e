package io.retailpulse.inference.shared;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Writes a batch in one statement; if MySQL refuses a row for its data ({@link DataErrors#isDataError}), writes
 * the rows one by one and answers the refused ones (id → reason), so one bad row does not hold back the rest. Any
 * other failure fails the Uni (the caller retries the batch).
 */
public final class BatchInsert {
    private static final Logger LOG = Logger.getLogger(BatchInsert.class);

    private BatchInsert() {}

    public static <T> Uni<Map<String, String>> refusedRows(
            List<T> rows, Function<List<T>, Uni<Void>> insertAll, Function<T, String> id) {
        return insertAll
                .apply(rows)
                .replaceWith(Map.<String, String>of())
                .onFailure(DataErrors::isDataError)
                .recoverWithUni(batchFailed -> {
                    if (rows.size() == 1) {
                        return Uni.createFrom().item(Map.of(id.apply(rows.get(0)), DataErrors.describe(batchFailed)));
                    }
                    LOG.warnf(
                            "MySQL refused a row of a batch of %d (%s), writing them one by one",
                            rows.size(), DataErrors.describe(batchFailed));
                    return Multi.createFrom()
                            .iterable(rows)
                            .onItem()
                            .transformToUniAndConcatenate(r -> insertAll
                                    .apply(List.of(r))
                                    .replaceWith(Optional.<Map.Entry<String, String>>empty())
                                    .onFailure(DataErrors::isDataError)
                                    .recoverWithItem(e -> Optional.of(Map.entry(id.apply(r), DataErrors.describe(e)))))
                            .filter(Optional::isPresent)
                            .map(Optional::get)
                            .collect()
                            .asMap(Map.Entry::getKey, Map.Entry::getValue);
                });
    }
}
