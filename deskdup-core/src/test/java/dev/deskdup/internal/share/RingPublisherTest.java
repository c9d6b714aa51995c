package dev.deskdup.internal.share;

import com.sun.management.ThreadMXBean;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.RingPublisher;
import dev.deskdup.RingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A capture published into a ring: frames arrive whole in other JVMs, and publishing allocates nothing per frame. */
@Timeout(120)
class RingPublisherTest {

    static CaptureOptions checksummed(int w, int h) {
        return CaptureOptions.defaults().source(CaptureOptions.SOURCE_SYNTHETIC).syntheticSize(w, h)
                .syntheticChecksum(true);
    }

    @Test
    void aReaderInASecondJvmGetsEveryFrameWholeWithTheCapturesNumbers() throws Exception {
        String name = RingLifecycleTest.name("publish");
        try (RingPublisher ring = RingPublisher.start(name, checksummed(64, 32), 2);
             ChildJvm reader = ChildJvm.start(ReaderMain.class, name, "20000", "1")) {
            assertThat(reader.awaitLine("frames=", 60, TimeUnit.SECONDS)).startsWith("frames=20000 torn=0 lost=0");
            assertThat(ring.framesPublished()).isGreaterThanOrEqualTo(20000);
            assertThat(ring.sourceName()).isEqualTo("synthetic");
            assertThat(RingReader.status(name).writePath()).isEqualTo("rendered");
            assertThat(ring.failure()).isNull();
        }
        assertThat(RingFile.pathOf(name)).doesNotExist();
    }

    @Test
    void thePublishingThreadAllocatesNothingPerFrameWithFourReadersAttached() throws Exception {
        String name = RingLifecycleTest.name("alloc");
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong read = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        try (RingPublisher ring = RingPublisher.start(name, checksummed(32, 16), 4)) {
            for (int i = 0; i < 4; i++) {
                readers.add(Thread.ofPlatform().start(() -> {
                    try (RingReader r = RingReader.open(name)) {
                        while (!stop.get()) {
                            Frame f = r.acquire(100, TimeUnit.MILLISECONDS);
                            if (f != null) {
                                f.release();
                                read.incrementAndGet();
                            }
                        }
                    } catch (dev.deskdup.RingClosedException ended) {
                        // the publisher closed first
                    }
                }));
            }
            long tid = ((SharedRingPublisher) ring).thread().threadId();
            waitFor(ring, 30_000);
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                long frames0 = ring.framesPublished();
                long bytes0 = threads.getThreadAllocatedBytes(tid);
                waitFor(ring, frames0 + 20_000);
                long bytes = threads.getThreadAllocatedBytes(tid) - bytes0;
                long frames = ring.framesPublished() - frames0;
                best = Math.min(best, (double) bytes / frames);
            }
            assertThat(RingReader.status(name).readers()).filteredOn(RingStatus -> RingStatus.alive()).hasSize(4);
            assertThat(read.get()).isPositive();
            assertThat(best).as("bytes allocated per published frame").isLessThan(1.0);
            stop.set(true);
        } finally {
            stop.set(true);
            for (Thread t : readers) {
                t.join();
            }
        }
    }

    static void waitFor(RingPublisher ring, long frames) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ring.framesPublished() < frames && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(ring.framesPublished()).isGreaterThanOrEqualTo(frames);
    }
}
