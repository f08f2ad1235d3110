package dev.quill.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Whatever a client sends, the answer comes, in time, and is never a 5xx. Every answer is also
 * checked against the published schema (through {@link Http}).
 */
class FuzzTest {
    private static final String[] PATHS = {"/v1/grammar/correct", "/v1/chat/completions", "/v1/completions"};

    private static Http http() {
        return TestServers.shared().http;
    }

    private static void assertAnsweredWithout5xx(String path, byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(http().uri(path)).timeout(Duration.ofSeconds(15))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) b.header("Content-Type", contentType);
        Http.Reply r = http().send(b.build(), path); // throws on a hang (timeout) and checks the schema
        assertThat(r.status()).as("answer to %s", new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8))
                .isBetween(200, 499);
    }

    @Property(tries = 40)
    void randomBytes(@ForAll @Size(max = 600) byte[] body, @ForAll @IntRange(max = 2) int path) {
        assertAnsweredWithout5xx(PATHS[path], body, "application/json");
    }

    @Property(tries = 40)
    void randomJson(@ForAll("json") String json, @ForAll @IntRange(max = 2) int path) {
        assertAnsweredWithout5xx(PATHS[path], json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    @Property(tries = 15)
    void deepNesting(@ForAll @IntRange(min = 1, max = 4000) int depth, @ForAll boolean objects) {
        String open = objects ? "{\"sentence\":" : "[";
        String close = objects ? "}" : "]";
        String body = open.repeat(depth) + "\"x\"" + close.repeat(depth);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 8192) assertAnsweredWithout5xx(PATHS[0], bytes, "application/json");
    }

    @Property(tries = 15)
    void hugeStrings(@ForAll @IntRange(min = 900, max = 20_000) int length, @ForAll("unicode") String unit) {
        String body = "{\"sentence\": \"" + unit.repeat(length / Math.max(1, unit.length())) + "\"}";
        assertAnsweredWithout5xx(PATHS[0], body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    @Property(tries = 30)
    void invalidUtf8InsideStrings(@ForAll @Size(min = 1, max = 8) byte[] junk) {
        byte[] prefix = "{\"sentence\": \"ab".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + junk.length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        for (int i = 0; i < junk.length; i++) body[prefix.length + i] = (byte) (junk[i] | 0x80); // high bytes, mostly invalid
        System.arraycopy(suffix, 0, body, prefix.length + junk.length, suffix.length);
        assertAnsweredWithout5xx(PATHS[0], body, "application/json");
    }

    @Property(tries = 20)
    void sentencesOfAnyUnicode(@ForAll("unicode") String sentence) {
        String body = "{\"sentence\": " + new String(Http.JSON.writeValueAsBytes(sentence), StandardCharsets.UTF_8) + ", \"max_tokens\": 4}";
        assertAnsweredWithout5xx(PATHS[0], body.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    @Provide
    Arbitrary<String> unicode() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> json() {
        return json(3);
    }

    /** JSON values nested at most {@code depth} deep (a bound keeps the generated trees small). */
    private static Arbitrary<String> json(int depth) {
        Arbitrary<String> scalars = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(30).map(s -> new String(Http.JSON.writeValueAsBytes(s), StandardCharsets.UTF_8)),
                Arbitraries.integers().map(String::valueOf), Arbitraries.doubles().map(String::valueOf),
                Arbitraries.of("true", "false", "null", "1e999", "-0", "\"\\ud800\""));
        if (depth == 0) return scalars;
        Arbitrary<String> keys = Arbitraries.oneOf(Arbitraries.of("sentence", "stream", "max_tokens", "messages", "prompt", "model",
                "n", "temperature", "stream_options", "role", "content"), Arbitraries.strings().alpha().ofMaxLength(8));
        Arbitrary<String> inner = json(depth - 1);
        Arbitrary<String> objects = Arbitraries.maps(keys, inner).ofMaxSize(4).map(m -> {
            StringBuilder sb = new StringBuilder("{");
            m.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return sb.append('}').toString();
        });
        Arbitrary<String> arrays = inner.list().ofMaxSize(3).map(l -> "[" + String.join(",", l) + "]");
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, scalars), net.jqwik.api.Tuple.of(3, objects), net.jqwik.api.Tuple.of(1, arrays));
    }
}
