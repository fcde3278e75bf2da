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
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The Kafka listener: a Netty server whose pipeline is a frame decoder (4-byte size, frames above
 * {@code socket.request.max.bytes} close the connection), an idle reaper ({@code connections.max.idle.ms}) and a
 * {@link ConnectionHandler} per connection.
 */
public final class KafkaListener implements AutoCloseable {

    private final EventLoopGroup boss = new NioEventLoopGroup(1);
    private final EventLoopGroup workers = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime()
            .availableProcessors()));
    private Channel server;

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

    /** Binds and starts accepting; returns the bound address (the real port if 0 was asked). */
    public InetSocketAddress start(InetSocketAddress bind, RequestRouter router, Executor requestExecutor,
                                   RequestObserver observer, int maxFrameBytes, long idleMs)
            throws InterruptedException {
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
                        ch.pipeline()
                                // Reader-idle; the handler also checks nothing is pending or was just
                                // written (an all-idle handler hooks a listener onto every write).
                                .addLast(new IdleStateHandler(idleMs, 0, 0, TimeUnit.MILLISECONDS))
                                .addLast(new LengthFieldBasedFrameDecoder(maxFrameBytes, 0, 4, 0, 4))
                                .addLast(new ConnectionHandler(router, requestExecutor, observer, idleMs));
                    }
                });
        server = bootstrap.bind(new InetSocketAddress(bind.getHostString(), bind.getPort())).sync().channel();
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
