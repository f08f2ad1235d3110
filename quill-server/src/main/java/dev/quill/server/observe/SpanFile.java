package dev.quill.server.observe;

/**
 * The local span file's format: one JSON object per line, one line per finished span.
 *
 * <pre>
 * {"trace_id":"4bf9…","span_id":"00f0…","parent_span_id":"a3ce…","parent_remote":false,
 *  "name":"model.decode","start_unix_nano":1732…,"end_unix_nano":1732…,"status":"UNSET",
 *  "attributes":{"request_id":"req_…"}}
 * </pre>
 *
 * {@code parent_span_id} is absent on a root without a parent; {@code parent_remote} is true on
 * an {@code http.request} root that continues a caller's {@code traceparent} (its parent lives in
 * the caller's process, so it is no orphan). The writer is {@link SpanFileExporter}, the reader
 * {@link TraceReport}.
 */
public final class SpanFile {
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";
    public static final String PARENT_SPAN_ID = "parent_span_id";
    public static final String PARENT_REMOTE = "parent_remote";
    public static final String NAME = "name";
    public static final String START = "start_unix_nano";
    public static final String END = "end_unix_nano";
    public static final String STATUS = "status";
    public static final String ATTRIBUTES = "attributes";

    private SpanFile() {}
}
