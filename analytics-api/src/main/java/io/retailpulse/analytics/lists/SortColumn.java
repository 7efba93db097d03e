package io.retailpulse.analytics.lists;

/**
 * One column of an ORDER BY: a column alias of the list's derived table (a fixed SQL fragment from a whitelist,
 * never request text), its type and direction. Sort columns are never NULL, which keeps keyset comparisons exact.
 */
public record SortColumn(String column, KeyType type, boolean descending) {}
