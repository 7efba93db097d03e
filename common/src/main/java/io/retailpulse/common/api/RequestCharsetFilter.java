package io.retailpulse.common.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses (415) a body whose declared charset the service cannot honour before any resource reads it; the CSV
 * uploads then decode by the declared charset ({@link RequestCharset#of}).
 */
public class RequestCharsetFilter {
    @ServerRequestFilter(preMatching = true)
    public void check(ContainerRequestContext request) {
        String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType != null && contentType.indexOf(';') >= 0) {
            RequestCharset.of(contentType);
        }
    }
}
