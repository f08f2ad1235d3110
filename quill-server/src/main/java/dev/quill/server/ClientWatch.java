package dev.quill.server;

import io.javalin.http.Context;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Notices a client that hangs up while its request is being served, so its engine request can
 * be cancelled at once rather than after the answer fails to be written.
 *
 * <p>Why this exists: on HTTP/1.1 a server only learns of a closed connection by reading from it,
 * and neither Jetty nor Helidon reads a connection while a handler holds its request (measured:
 * docs/benchmarks.md). Once the body has been read, this asks Jetty's endpoint to say when the
 * connection becomes readable again: end of stream means the client is gone. Clients do not
 * pipeline a second request behind an unanswered POST; if one does, the bytes are consumed here
 * and the connection is closed after the answer (the client sees it closed and resends).
 * {@link #close} withdraws the interest before the answer is written, so Jetty's own reading of
 * the next request is untouched.
 */
final class ClientWatch implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ClientWatch.class.getName());

    private final AbstractEndPoint endPoint;
    private final Runnable onGone;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean gone;
    private volatile boolean pipelined;
    /** Whether our callback is the endpoint's registered fill interest right now. */
    private volatile boolean registered;

    private ClientWatch(AbstractEndPoint endPoint, Runnable onGone) {
        this.endPoint = endPoint;
        this.onGone = onGone;
    }

    /** Starts watching the request's connection (after its body has been read); a no-op watch where it cannot. */
    static ClientWatch start(Context ctx, Runnable onGone) {
        AbstractEndPoint ep = null;
        try {
            ServletContextRequest core = ServletContextRequest.getServletContextRequest(ctx.req());
            if (core != null && core.getConnectionMetaData().getHttpVersion() != HttpVersion.HTTP_2
                    && core.getConnectionMetaData().getConnection().getEndPoint() instanceof AbstractEndPoint a) {
                ep = a;
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot watch this connection", e);
        }
        ClientWatch w = new ClientWatch(ep, onGone);
        w.arm();
        return w;
    }

    boolean clientGone() {
        return gone;
    }

    /** Whether bytes of another request arrived (and were consumed): the connection must close after this answer. */
    boolean mustCloseConnection() {
        return pipelined;
    }

    private void arm() {
        if (endPoint == null || closed.get()) return;
        registered = endPoint.tryFillInterested(new Callback() {
            @Override
            public void succeeded() {
                registered = false;
                readable();
            }

            @Override
            public void failed(Throwable x) {
                registered = false; // withdrawn by close(), or the endpoint failed; nothing to do either way
            }
        });
    }

    private void readable() {
        if (closed.get()) return;
        try {
            int n = endPoint.fill(BufferUtil.allocate(256));
            if (n < 0) {
                hangUp();
            } else if (n > 0) {
                pipelined = true;
            } else {
                arm();
            }
        } catch (Exception e) {
            hangUp(); // a reset connection reads as an error: the client is gone all the same
        }
    }

    private void hangUp() {
        gone = true;
        onGone.run();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && registered) {
            endPoint.getFillInterest().onFail(new CancellationException("answer ready; watch withdrawn"));
        }
    }
}
