package io.retailpulse.ingest.testing;

/** Transactions CSV bodies for tests. */
public final class Csv {
    public static final String HEADER = "transaction_id,ts,store_id,product_id,quantity,unit_price\n";

    private Csv() {}

    /** {@code rows} rows with ids {@code <prefix>-<n>}; every {@code everyNthBroken}-th has quantity -1. */
    public static String transactions(String prefix, int rows, int everyNthBroken) {
        StringBuilder csv = new StringBuilder(rows * 48).append(HEADER);
        for (int i = 1; i <= rows; i++) {
            String quantity = i % everyNthBroken == 0 ? "-1" : Integer.toString(i % 5);
            csv.append(prefix)
                    .append('-')
                    .append(i)
                    .append(",2024-05-0")
                    .append(1 + i % 3)
                    .append("T12:00:00Z,S")
                    .append(i % 2)
                    .append(",P")
                    .append(i % 4)
                    .append(',')
                    .append(quantity)
                    .append(",1.50\n");
        }
        return csv.toString();
    }
}
