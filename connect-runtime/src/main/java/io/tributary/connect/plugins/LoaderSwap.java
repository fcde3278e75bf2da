package io.tributary.connect.plugins;

/** Sets the thread's context class loader for a block, and puts the previous one back when closed. */
public final class LoaderSwap implements AutoCloseable {

    private final ClassLoader previous;

    private LoaderSwap(ClassLoader previous) {
        this.previous = previous;
    }

    public static LoaderSwap to(ClassLoader loader) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        return new LoaderSwap(previous);
    }

    @Override
    public void close() {
        Thread.currentThread().setContextClassLoader(previous);
    }
}
