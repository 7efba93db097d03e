package io.retailpulse.analytics.lists;

import java.util.List;

/** One page of a list endpoint; {@code next} is the cursor of the following page, null on the last. */
public record Page<T>(List<T> items, String next) {}
