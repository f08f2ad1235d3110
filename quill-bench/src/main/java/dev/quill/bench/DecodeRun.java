package dev.quill.bench;

/** One greedy generation: the new tokens and where the time went (prefill, then the token-by-token loop). */
record DecodeRun(int[] tokens, long prefillNanos, long decodeNanos) {}
