package io.retailpulse.common.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Applies {@link DatabaseDeadline}: bounds a returned {@code Uni}; other results pass unchanged. */
@DatabaseDeadline
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class DatabaseDeadlineInterceptor {
    private final DatabaseGuard guard;

    public DatabaseDeadlineInterceptor(DatabaseGuard guard) {
        this.guard = guard;
    }

    @AroundInvoke
    Object bound(InvocationContext context) throws Exception {
        Object result = context.proceed();
        return result instanceof Uni<?> uni ? guard.bound(uni) : result;
    }
}
