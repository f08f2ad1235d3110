/**
 * JMH benchmarks: the machine's limits (FMA peak, DRAM bandwidth), quill's matmul and
 * batch-1 decode, and Jlama 0.8.4 decoding the same model directory as a peer.
 *
 * <p>Owns: benchmark classes, the random bench-shape model directories they share
 * ({@link dev.quill.bench.BenchModels}) and the summary that turns JMH JSON into the
 * figures of {@code docs/benchmarks.md}. Jlama is a benchmark-only dependency: no other
 * module may depend on this one or import {@code com.github.tjake.jlama}.
 */
package dev.quill.bench;
