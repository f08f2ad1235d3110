/**
 * Paged key/value storage: fixed-size blocks in one pool ({@link dev.quill.core.kv.KvCache}),
 * the free list ({@link dev.quill.core.kv.BlockPool}) and per-sequence block tables
 * ({@link dev.quill.core.kv.SequenceBlocks}). Attention reads K/V through the block table.
 */
package dev.quill.core.kv;
