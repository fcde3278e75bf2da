package io.tributary.broker.network;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.ssl.SslContext;
import io.tributary.broker.security.SaslAuthentication;
import io.tributary.broker.security.SaslMechanisms;
import io.tributary.broker.security.ScramServerFactory;
import io.tributary.broker.security.SslContexts;
import io.tributary.broker.security.SslPrincipalMapper;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka listeners: one Netty server per listener of {@code listeners}, all on the same event loops, whose
 * pipeline is TLS (on SSL and SASL_SSL listeners), a frame decoder (4-byte size, frames above
 * {@code socket.request.max.bytes} close the connection), an idle reaper ({@code connections.max.idle.ms}) and a
 * {@link ConnectionHandler} per connection with its {@link ClientSession}. A listener's TLS and SASL settings are
 * checked when it starts: a bad one fails startup naming the setting.
 */
public final class KafkaListener implements AutoCloseable {

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime()
            .availableProcessors()));
    private final List<Channel> servers = new ArrayList<>();
    private final List<SaslMechanisms> saslMechanisms = new ArrayList<>();
    private final ScramServerFactory scram;

    /** Listeners whose SCRAM logins check the credentials {@code scram} finds. */
    public KafkaListener(ScramServerFactory scram) {
        this.scram = scram;
    }

    /**
     * Netty's pooled allocator with 16 MiB chunks instead of its default 4 MiB. A produce request is read into one
     * buffer of up to 1 MiB (below); in a 4 MiB chunk that is a quarter of it, which moves the chunk to the list
     * whose chunks are freed once empty — so every burst of large requests unmapped, re-mapped and zeroed a chunk
     * (perf: ~8 % of the broker's CPU under (b) of bench/, in {@code DirectByteBuffer.<init>} and page clearing).
     * In a 16 MiB chunk the same reads stay in the list that keeps its chunks. Only touched pages count as memory.
     */
    static {
        // Netty's leak detector (on by default) records a stack trace for one buffer in 128: ~800 throwables per
        // 10,000 messages of bench (d). Tests turn it back on (-Dio.netty.leakDetection.level, see pom.xml).
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private static final PooledByteBufAllocator ALLOCATOR = new PooledByteBufAllocator(true,
            PooledByteBufAllocator.defaultNumHeapArena(), PooledByteBufAllocator.defaultNumDirectArena(),
            PooledByteBufAllocator.defaultPageSize(), 11, PooledByteBufAllocator.defaultSmallCacheSize(),
            PooledByteBufAllocator.defaultNormalCacheSize(), PooledByteBufAllocator.defaultUseCacheForAllThreads());

    /**
     * Binds {@code listener} and starts accepting; returns the bound address (the real port if 0 was asked).
     * {@link IllegalArgumentException}: its TLS or SASL settings are wrong (the message names the setting).
     */
    public InetSocketAddress start(ListenerConfig listener, RequestRouter router, Executor requestExecutor,
                                   RequestObserver observer, int maxFrameBytes, long idleMs)
            throws InterruptedException {
        SslContext tls = listener.protocol().tls ? SslContexts.server(listener) : null;
        SaslMechanisms sasl = listener.protocol().sasl ? SaslMechanisms.forListener(listener, scram) : null;
        if (sasl != null) {
            saslMechanisms.add(sasl); // closed with the listeners, also if this start fails below
        }
        SslPrincipalMapper certificateNames;
        try {
            certificateNames = SslPrincipalMapper.parse(listener.get("ssl.principal.mapping.rules"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(listener.name() + ": ssl.principal.mapping.rules: " + e.getMessage());
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, ALLOCATOR)
                // Reads grow up to 1 MiB (Netty's default stops at 64 KiB): a producer's 64 KiB+ request then
                // arrives in one read, not two with the frame decoder copying the halves together.
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 2048, 1 << 20))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ClientSession session = new ClientSession(listener, ch.remoteAddress(),
                                sasl == null ? null : new SaslAuthentication(sasl));
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline()
                                // Reader-idle; the handler also checks nothing is pending or was just
                                // written (an all-idle handler hooks a listener onto every write).
                                .addLast(new IdleStateHandler(idleMs, 0, 0, TimeUnit.MILLISECONDS))
                                .addLast(new LengthFieldBasedFrameDecoder(maxFrameBytes, 0, 4, 0, 4))
                                .addLast(new ConnectionHandler(router, requestExecutor, observer, idleMs, session,
                                        certificateNames));
                    }
                });
        Channel server = bootstrap.bind(new InetSocketAddress(listener.bind().getHostString(),
                listener.bind().getPort())).sync().channel();
        servers.add(server);
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        for (Channel server : servers) {
            server.close().syncUninterruptibly();
        }
        saslMechanisms.forEach(SaslMechanisms::close);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
