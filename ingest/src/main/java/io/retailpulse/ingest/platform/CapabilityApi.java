package io.retailpulse.ingest.platform;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks what a capability (uploads, feedback, catalog, demo) offers the others; everything else in it is its
 * own business. Nested types of a marked type belong to the API too. Enforced by {@code IngestArchitectureTest}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface CapabilityApi {}
