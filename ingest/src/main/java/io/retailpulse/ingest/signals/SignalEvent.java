package io.retailpulse.ingest.signals;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One value of a named external series on {@code signals.series} (keyed by {@code name}): a search-interest
 * index, a competitor price index, weather, CPI... {@code ds} is the day. Records written by other producers
 * need only {@code name}, {@code ds} and {@code value}; {@code source} and {@code ingestedAt} are added by ingest.
 * The later of two values for the same name and day wins: later by {@code ingestedAt}, or by the record's
 * timestamp when it has none.
 */
@RegisterForReflection
public record SignalEvent(String name, LocalDate ds, Double value, String source, Instant ingestedAt) {}
