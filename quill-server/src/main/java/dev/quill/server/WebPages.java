package dev.quill.server;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The two pages the server serves itself: the tutor at {@code /} and the live dashboard at
 * {@code /dashboard}, static files from this package's {@code web/} resources (hand-written
 * HTML, CSS and JavaScript, no build step). They use only the public API ({@code POST
 * /v1/grammar/correct}, {@code GET /v1/rules/{id}}, {@code GET /v1/stats}); nothing is fetched
 * from anywhere else, which the Content-Security-Policy holds them to.
 *
 * <p>The files are a fixed list read once at start-up: no path from a request ever reaches the
 * class loader.
 */
final class WebPages {
    /** Same origin only; no inline script or style; no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml");
    private static final String[] ASSETS = {"quill.css", "api.js", "tutor.js", "dashboard.js", "charts.js", "favicon.svg"};

    private record File(String mediaType, byte[] bytes) {}

    private final File tutor;
    private final File dashboard;
    private final Map<String, File> assets = new LinkedHashMap<>();

    WebPages() {
        tutor = load("index.html");
        dashboard = load("dashboard.html");
        for (String name : ASSETS) assets.put(name, load("assets/" + name));
    }

    void tutor(Context ctx) {
        send(ctx, tutor);
    }

    void dashboard(Context ctx) {
        send(ctx, dashboard);
    }

    void asset(Context ctx) {
        File f = assets.get(ctx.pathParam("file"));
        if (f == null) throw new ApiException(new ApiError.NotFound(ctx.path()));
        send(ctx, f);
    }

    private static void send(Context ctx, File f) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(f.mediaType()).result(f.bytes());
    }

    private static File load(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        try (InputStream in = WebPages.class.getResourceAsStream("web/" + name)) {
            if (in == null) throw new IllegalStateException("web/" + name + " is missing from quill-server's resources");
            return new File(MEDIA_TYPES.get(extension), in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
