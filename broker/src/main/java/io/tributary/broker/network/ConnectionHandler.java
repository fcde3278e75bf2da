package io.tributary.broker.network;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.tributary.protocol.ApiMessage;
import io.tributary.protocol.FileRecords;
import io.tributary.protocol.HeapRecords;
import io.tributary.protocol.ProtocolDecodeException;
import io.tributary.protocol.Records;
import io.tributary.protocol.EncodedChunks;
import io.tributary.protocol.frame.RequestFrame;
import io.tributary.protocol.frame.ResponseFrame;
import io.tributary.protocol.frame.UnsupportedApiException;
import io.tributary.protocol.message.ApiKey;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.tributary.broker.security.KafkaPrincipal;
import io.tributary.broker.security.SslPrincipalMapper;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.security.auth.x500.X500Principal;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client connection: decodes each frame, hands the request to its {@link ApiHandler} once the connection's
 * previous request is done (requests of one connection run one at a time, in order, as in Kafka) — on the request
 * executor, or on this event loop for handlers that run there (at once, in the read, when nothing is ahead of it)
 * — and writes the responses in request order. Reading stops while too many responses are pending (back-pressure) and resumes as they drain.
 * A malformed frame or an API this broker does not serve closes the connection, as Kafka does — except an
 * unsupported ApiVersions version, which is answered so the client can pick another. On a SASL listener a request
 * other than ApiVersions/SaslHandshake/SaslAuthenticate before authentication closes it too; on a TLS listener the
 * client certificate (if any) names the principal, and record sets are copied into buffers (TLS cannot sendfile).
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = Logger.getLogger(ConnectionHandler.class.getName());
    private static final int MAX_PENDING = 64;

    /** A request in flight: its frame (released once answered) and its eventual response. */
    private static final class Pending {
        final int correlationId;
        final ApiKey api;
        final short version;
        final ByteBuf frame;
        final long startNanos = System.nanoTime();
        boolean done;
        ApiMessage response;
        Throwable failure;

        Pending(int correlationId, ApiKey api, short version, ByteBuf frame) {
            this.correlationId = correlationId;
            this.api = api;
            this.version = version;
            this.frame = frame;
        }
    }

    private final RequestRouter router;
    private final Executor requestExecutor;
    private final RequestObserver observer;
    private final long idleNanos;
    private final ClientSession session;
    private final SslPrincipalMapper certificateNames;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** The latest request handed to a handler; the next one starts when it is done (the first: once open). */
    private CompletableFuture<ApiMessage> previous;
    private ChannelHandlerContext ctx;
    /** When the latest response was written (System.nanoTime): an answer is activity for the idle reaper. */
    private long lastAnsweredNanos = System.nanoTime();
    /** Reading stays paused until then (a throttled client); in the past when not throttled. */
    private long mutedUntilNanos = System.nanoTime();

    ConnectionHandler(RequestRouter router, Executor requestExecutor, RequestObserver observer, long idleMs,
                      ClientSession session, SslPrincipalMapper certificateNames) {
        this.router = router;
        this.session = session;
        this.certificateNames = certificateNames;
        this.requestExecutor = requestExecutor;
        this.observer = observer;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMs);
        this.previous = router.whenOpen();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        ByteBuffer bytes = frame.nioBuffer();
        RequestFrame request;
        try {
            request = RequestFrame.decode(bytes);
        } catch (UnsupportedApiException e) {
            frame.release();
            if (e.apiKey() == ApiKey.API_VERSIONS.id() && router.isOpen()) {
                Pending p = new Pending(e.correlationId(), ApiKey.API_VERSIONS, (short) 0, Unpooled.EMPTY_BUFFER);
                pending.add(p);
                complete(p, router.unsupportedApiVersions(), null);
            } else {
                LOG.fine(() -> "closing " + ctx.channel().remoteAddress() + ": " + e.getMessage());
                ctx.close();
            }
            return;
        } catch (ProtocolDecodeException e) {
            frame.release();
            LOG.fine(() -> "closing " + ctx.channel().remoteAddress() + " after a malformed request: "
                    + e.getMessage());
            ctx.close();
            return;
        }
        if (!session.mayServe(request.apiKey())) {
            frame.release();
            LOG.info(() -> "closing " + ctx.channel().remoteAddress() + " on " + session.listenerName() + ": "
                    + request.apiKey() + ", but " + session.refusal());
            ctx.close();
            return;
        }
        ApiHandler handler = router.isOpen() ? router.handler(request.apiKey()) : null;
        if (handler == null && router.isOpen()) {
            frame.release();
            ctx.close();
            return;
        }
        Pending p = new Pending(request.correlationId(), request.apiKey(), request.apiVersion(), frame);
        pending.add(p);
        if (pending.size() >= MAX_PENDING) {
            ctx.channel().config().setAutoRead(false);
        }
        RequestContext context = new RequestContext(request.apiKey(), request.apiVersion(), request.header(),
                ctx.channel().remoteAddress(), ctx.executor(), session);
        // One request at a time per connection, as Kafka does: a producer's pipelined batches must be appended
        // in the order they were sent (sequence numbers, and ordering without idempotence).
        CompletableFuture<ApiMessage> response;
        if (previous.isDone() && handler != null && handler.runsOnEventLoop()) {
            // The common case of the hot APIs: nothing of this connection's is running and the handler runs on
            // this thread — serve it now rather than through the loop's task queue.
            response = serve(handler, context, request);
        } else {
            response = previous.handle((ignored, ignoredFailure) -> null)
                    .thenComposeAsync(ignored -> serve(handler, context, request),
                            handler != null && handler.runsOnEventLoop() ? ctx.executor() : requestExecutor);
        }
        previous = response;
        if (response.isDone() && !response.isCompletedExceptionally()) {
            complete(p, response.join(), null);   // answered already: no callback through the future's machinery
        } else {
            response.whenComplete((r, failure) -> completeOnLoop(p, r, failure));
        }
    }

    /** Runs the request's handler; one that arrived before the router opened is looked up now. */
    private CompletableFuture<ApiMessage> serve(ApiHandler known, RequestContext context, RequestFrame request) {
        ApiHandler handler = known != null ? known : router.handler(request.apiKey());
        if (handler == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("API " + request.apiKey()
                    + " is not served"));
        }
        try {
            return handler.handle(context, request.body());
        } catch (RuntimeException | Error e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Answers on this connection's event loop: at once if the response was completed there (a produce, a read). */
    private void completeOnLoop(Pending p, ApiMessage response, Throwable failure) {
        if (ctx.executor().inEventLoop()) {
            complete(p, response, failure);
        } else {
            ctx.executor().execute(() -> complete(p, response, failure));
        }
    }

    /** Marks a request answered and writes every answered request at the head of the queue. */
    private void complete(Pending p, ApiMessage response, Throwable failure) {
        p.done = true;
        p.response = response;
        p.failure = failure;
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peekFirst().done) {
            Pending head = pending.pollFirst();
            head.frame.release();
            lastAnsweredNanos = System.nanoTime();
            observer.answered(head.api, lastAnsweredNanos - head.startNanos);
            if (head.failure != null) {
                LOG.log(Level.WARNING, "request " + head.api + " v" + head.version + " failed; closing the"
                        + " connection", head.failure);
                ctx.close();
                pending.forEach(rest -> rest.frame.release());
                pending.clear();
                return;
            }
            if (head.response != null) {
                write(ResponseFrame.encodeChunks(head.correlationId, head.api, head.version, head.response));
                wrote = true;
                muteFor(Throttle.ms(head.response));
            }
            if (session.closingAfterAnswer()) {   // a failed authentication: answer it, then close
                ctx.flush();
                ctx.close();
                pending.forEach(rest -> rest.frame.release());
                pending.clear();
                return;
            }
        }
        if (wrote) {
            ctx.flush();
        }
        if (pending.size() < MAX_PENDING / 2 && !ctx.channel().config().isAutoRead()
                && System.nanoTime() - mutedUntilNanos >= 0) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /**
     * A throttled client (KIP-219): its response is written at once, then nothing more is read from it until the
     * throttle time has passed.
     */
    private void muteFor(int throttleMs) {
        if (throttleMs <= 0) {
            return;
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(throttleMs);
        if (until - mutedUntilNanos > 0) {
            mutedUntilNanos = until;
        }
        ctx.channel().config().setAutoRead(false);
        ctx.executor().schedule(() -> {
            if (System.nanoTime() - mutedUntilNanos >= 0 && pending.size() < MAX_PENDING / 2) {
                ctx.channel().config().setAutoRead(true);
            }
        }, throttleMs, TimeUnit.MILLISECONDS);
    }

    /** Writes a response: framing bytes as buffers, record sets from segment files as file regions (sendfile). */
    private void write(EncodedChunks frame) {
        for (Records chunk : frame.chunks()) {
            if (chunk instanceof FileRecords file && !session.listener().protocol().tls) {
                ctx.write(new SegmentFileRegion(file.channel(), file.position(), file.length()));
            } else if (chunk instanceof FileRecords file) {
                // TLS encrypts buffers: read the file range into a pooled buffer the TLS handler frees
                ByteBuf copy = ctx.alloc().directBuffer(file.length());
                chunk.copyTo(copy.nioBuffer(0, file.length()));
                ctx.write(copy.writerIndex(file.length()));
            } else if (chunk instanceof HeapRecords heap) {
                ctx.write(Unpooled.wrappedBuffer(heap.buffer()));
            } else {
                ByteBuffer copy = ByteBuffer.allocate(chunk.sizeInBytes());
                chunk.copyTo(copy);
                ctx.write(Unpooled.wrappedBuffer(copy.flip()));
            }
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            if (done.isSuccess()) {
                certificatePrincipal(ctx);
            } else {
                LOG.info(() -> "TLS handshake with " + ctx.channel().remoteAddress() + " on " + session.listenerName()
                        + " failed: " + done.cause().getMessage());
            }
            ctx.fireUserEventTriggered(evt);
        } else if (evt instanceof IdleStateEvent) {
            // connections.max.idle.ms: nothing read for that long (this event), nothing being answered, and
            // nothing written for that long either.
            if (pending.isEmpty() && System.nanoTime() - lastAnsweredNanos >= idleNanos) {
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    /** A client certificate names the principal (through {@code ssl.principal.mapping.rules}); none: ANONYMOUS. */
    private void certificatePrincipal(ChannelHandlerContext ctx) {
        SslHandler tls = ctx.pipeline().get(SslHandler.class);
        try {
            java.security.Principal peer = tls.engine().getSession().getPeerPrincipal();
            if (peer instanceof X500Principal x500) {
                session.authenticated(KafkaPrincipal.user(certificateNames.map(x500.getName())));
            }
        } catch (SSLPeerUnverifiedException e) {
            // no client certificate (ssl.client.auth none or requested): the connection stays ANONYMOUS
        } catch (IllegalArgumentException e) {
            LOG.info(() -> "closing " + ctx.channel().remoteAddress() + " on " + session.listenerName() + ": "
                    + e.getMessage());
            ctx.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.fine(() -> "connection " + ctx.channel().remoteAddress() + " failed: " + cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Frames of requests still running are released when they complete (complete() runs on this loop).
        ctx.fireChannelInactive();
    }
}
