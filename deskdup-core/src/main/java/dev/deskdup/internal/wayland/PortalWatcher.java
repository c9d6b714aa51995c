package dev.deskdup.internal.wayland;

import dev.deskdup.internal.pipewire.PwThreadLoop;

import java.util.concurrent.TimeUnit;

/**
 * Watches the bus for the portal's {@code Session.Closed} (the user stopped sharing, or the compositor ended the
 * cast) on a thread of its own, so that the filling thread never reads the bus; the stream then fails with a
 * message saying so. Checks every {@link #CHECK_NANOS} whether it was stopped.
 */
final class PortalWatcher implements AutoCloseable {

    static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final PortalSession session;
    private final PwThreadLoop loop;
    private final ScreenCastStream stream;
    private final Thread thread;
    private volatile boolean stopped;

    private PortalWatcher(PortalSession session, PwThreadLoop loop, ScreenCastStream stream) {
        this.session = session;
        this.loop = loop;
        this.stream = stream;
        this.thread = Thread.ofPlatform().daemon().name("deskdup-portal-watch").unstarted(this::watch);
    }

    static PortalWatcher start(PortalSession session, PwThreadLoop loop, ScreenCastStream stream) {
        PortalWatcher w = new PortalWatcher(session, loop, stream);
        w.thread.start();
        return w;
    }

    private void watch() {
        while (!stopped) {
            if (session.awaitClosedByPortal(CHECK_NANOS)) {
                loop.lock();
                try {
                    if (!stopped) { // checked under the lock the closing thread stops us under
                        stream.fail("the portal closed the screen-cast session (the user stopped sharing, or the "
                                + "compositor ended it)");
                    }
                } finally {
                    loop.unlock();
                }
                return;
            }
        }
    }

    /** Tells the thread to stop (call with the loop lock held, before the stream is closed); does not wait. */
    void stop() {
        stopped = true;
    }

    /** Stops watching and waits for the thread (at most one check period), keeping the caller's interrupt. */
    @Override
    public void close() {
        stop();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
