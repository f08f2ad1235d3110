/**
 * Choosing tokens ({@link dev.quill.core.generate.Sampler} under
 * {@link dev.quill.core.generate.SamplingParams}) and the one-sequence-at-a-time
 * {@link dev.quill.core.generate.Generator} behind {@code quill generate}.
 */
package dev.quill.core.generate;
