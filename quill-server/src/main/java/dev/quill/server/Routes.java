package dev.quill.server;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The server's routes, registered so that every path answers HEAD as it answers GET (the same
 * status and headers; Jetty sends no body) and OPTIONS with 204 and the methods it takes in
 * {@code Allow} (RFC 9110 §9.3.2 and §9.3.7).
 */
final class Routes {
    private final RoutesConfig routes;
    private final Map<String, Set<String>> methods = new LinkedHashMap<>();

    Routes(RoutesConfig routes) {
        this.routes = routes;
    }

    void get(String path, Handler handler) {
        routes.get(path, handler);
        routes.head(path, handler);
        allow(path, "GET", "HEAD");
    }

    void post(String path, Handler handler) {
        routes.post(path, handler);
        allow(path, "POST");
    }

    /** Registers OPTIONS on every path added so far: call it last. */
    void options() {
        methods.forEach((path, allowed) -> {
            String allow = String.join(", ", allowed) + ", OPTIONS";
            routes.options(path, ctx -> {
                ctx.header("Allow", allow).status(204);
                ctx.res().setContentType(null); // a 204 has no body, so no media type either (Javalin presets text/plain)
            });
        });
    }

    private void allow(String path, String... verbs) {
        Set<String> set = methods.computeIfAbsent(path, p -> new LinkedHashSet<>());
        for (String v : verbs) set.add(v);
    }
}
