/**
 * Request guards with no HTTP in them: input normalisation, PII redaction for logs and traces,
 * per-client token buckets (Bucket4j), constant-time API key checks.
 */
package dev.quill.server.guard;
