package io.retailpulse.common.api;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a resource class or method that reads or writes MySQL and returns a {@code Uni}: the answer fails with a
 * {@link DatabaseUnavailableException} (503 + {@code Retry-After}) when it is not ready within
 * {@code pulse.database.timeout}. Put it only where the wait is for the database, not on CPU-bound work.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface DatabaseDeadline {}
