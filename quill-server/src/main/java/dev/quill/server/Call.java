package dev.quill.server;

/**
 * One API request as the server tracks it from arrival to answer.
 *
 * @param requestId     the id echoed in {@code X-Request-Id} and in every answer and log line
 * @param arrivalNanos  {@link System#nanoTime()} when the request reached the handler
 * @param deadlineNanos when the request must have been answered (504 after)
 * @param client        who the rate limit counts against: {@code key:<hash prefix>} or {@code ip:<address>}
 */
record Call(String requestId, long arrivalNanos, long deadlineNanos, String client) {}
