package io.retailpulse.analytics.lists;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The inner SELECT of a list: fixed SQL text from the code, filter clauses added only when the filter is present,
 * and every value a bound {@code ?} parameter — request text never becomes SQL.
 */
public final class Sql {
    private static final String WHERE = "{where}";
    private final String selectFrom;
    private final List<String> where = new ArrayList<>();
    private final List<Object> params = new ArrayList<>();
    private String groupBy = "";

    private Sql(String selectFrom) {
        this.selectFrom = selectFrom;
    }

    /**
     * {@code SELECT <columns with aliases> FROM <tables>}; the aliases are what sort columns name. The filters go
     * where the text says {@code {where}} (e.g. inside a nested grouping), else at the end.
     */
    public static Sql select(String selectFrom) {
        return new Sql(selectFrom);
    }

    /** Adds {@code clause} (with one {@code ?} per value) unless the value is null. */
    public Sql filter(String clause, Object value) {
        if (value != null) {
            where.add(clause);
            params.add(value);
        }
        return this;
    }

    /** Keeps the rows whose {@code dayColumn} lies in {@code days} (each bound only when given). */
    public Sql within(String dayColumn, Days days) {
        return filter(dayColumn + " >= ?", days.from()).filter(dayColumn + " <= ?", days.to());
    }

    /** Adds {@code clause} with its values unconditionally. */
    public Sql where(String clause, Object... values) {
        where.add(clause);
        params.addAll(Arrays.asList(values));
        return this;
    }

    public Sql groupBy(String columns) {
        this.groupBy = " GROUP BY " + columns;
        return this;
    }

    String text() {
        String clause = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
        return (selectFrom.contains(WHERE) ? selectFrom.replace(WHERE, clause) : selectFrom + clause) + groupBy;
    }

    List<Object> params() {
        return params;
    }
}
