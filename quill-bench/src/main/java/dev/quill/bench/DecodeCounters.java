package dev.quill.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Totals per iteration that separate the token-by-token loop from the prompt prefill, which
 * the primary (end-to-end) score includes. Decode-only tokens/s is
 * {@code decodedTokens / decodeNanos * 1e9}; {@link BenchmarkSummary} computes it.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class DecodeCounters {
    public long decodedTokens;
    public long decodeNanos;
    public long prefillNanos;

    @Setup(Level.Iteration)
    public void reset() {
        decodedTokens = 0;
        decodeNanos = 0;
        prefillNanos = 0;
    }

    void add(DecodeRun run) {
        decodedTokens += run.tokens().length;
        decodeNanos += run.decodeNanos();
        prefillNanos += run.prefillNanos();
    }
}
