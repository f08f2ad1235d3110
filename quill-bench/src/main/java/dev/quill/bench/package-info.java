/**
 * JMH benchmarks: the machine's limits (FMA peak, DRAM bandwidth), quill's matmul and
 * batch-1 decode, and Jlama 0.8.4 decoding the same model directory as a peer; quill's
 * tokenizer against Hugging Face {@code tokenizers} (through DJL 0.36.0) on the same
 * {@code tokenizer.json} and text.
 *
 * <p>Owns: benchmark classes, the random bench-shape model directories and English tokenizer
 * they share ({@link dev.quill.bench.BenchModels}), the bench text
 * ({@link dev.quill.bench.BenchText}) and the summary that turns JMH JSON into the figures of
 * {@code docs/benchmarks.md}. Jlama and DJL are benchmark-only dependencies: no other module may
 * depend on this one or import {@code com.github.tjake.jlama} or {@code ai.djl}.
 */
package dev.quill.bench;
