package dev.deskdup.internal.wayland;

import com.sun.management.ThreadMXBean;
import dev.deskdup.CaptureOptions;
import dev.deskdup.CursorMode;
import dev.deskdup.internal.pipewire.VideoFormat;
import dev.deskdup.spi.CaptureSource;
import dev.deskdup.xvfb.junit.Allocations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.deskdup.internal.wayland.Captures.fill;
import static dev.deskdup.internal.wayland.Captures.open;
import static dev.deskdup.internal.wayland.Captures.portal;
import static org.assertj.core.api.Assertions.assertThat;

/** What a capture costs per frame (nothing allocated) and leaves behind when closed (nothing). */
@WithPipeWire
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WaylandResourceTest {

    static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    static long memfdMappings() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("memfd:")).count();
    }

    @Test
    void closingLeavesNoDescriptorMappingOrThread(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 320, 240, 60)) {
            portal(pw, producer.nodeId(), Map.of());
            // One capture first: PipeWire loads its plugins once per process (they stay).
            runCapture(pw, 5);
            long fds = count(Path.of("/proc/self/fd"));
            long maps = memfdMappings();
            long tasks = count(Path.of("/proc/self/task"));
            int threads = Thread.activeCount();
            for (int round = 0; round < 3; round++) {
                runCapture(pw, 10);
            }
            assertThat(count(Path.of("/proc/self/fd"))).as("open descriptors").isLessThanOrEqualTo(fds);
            assertThat(memfdMappings()).as("memfd mappings").isLessThanOrEqualTo(maps);
            assertThat(count(Path.of("/proc/self/task"))).as("native threads").isLessThanOrEqualTo(tasks);
            assertThat(Thread.activeCount()).as("Java threads").isLessThanOrEqualTo(threads);
        }
    }

    /** Opens, takes {@code frames} frames (one held across the close), closes. */
    private static void runCapture(PipeWireSession pw, int frames) {
        TestSlot[] slots = TestSlot.ring(3);
        try (CaptureSource source = open(pw, CaptureOptions.defaults().cursor(CursorMode.SEPARATE), slots)) {
            for (int i = 0; i < frames; i++) {
                assertThat(fill(source, slots[0], 5000)).isTrue();
                source.released(slots[0]);
            }
            assertThat(fill(source, slots[1], 5000)).isTrue(); // still held when the source closes
        }
    }

    @Test
    void steadyFramesAllocateNothingOnPipeWiresLoopThread(PipeWireSession pw) throws Exception {
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 320, 240, 120)) {
            portal(pw, producer.nodeId(), Map.of());
            producer.script.damage = new int[]{1, 2, 3, 4};
            producer.script.cursorX = 10;
            producer.script.cursorY = 20;
            TestSlot[] slots = TestSlot.ring(3);
            try (CaptureSource source = open(pw, CaptureOptions.defaults().cursor(CursorMode.SEPARATE), slots)) {
                fillAndRelease(source, slots, 60); // warm-up: the upcalls get compiled
                Thread loop = ((WaylandSource) source).loopThread();
                assertThat(loop).as("PipeWire's loop thread, seen in process()").isNotNull();
                long least = Long.MAX_VALUE;
                StringBuilder rounds = new StringBuilder();
                for (int round = 0; round < 4 && least > 0; round++) {
                    long before = Allocations.threadAllocatedBytes(loop);
                    long producedBefore = producer.frames();
                    fillAndRelease(source, slots, 60);
                    long used = Allocations.threadAllocatedBytes(loop) - before;
                    assertThat(producer.frames() - producedBefore).as("frames through process()").isPositive();
                    rounds.append(' ').append(used);
                    least = Math.min(least, used);
                }
                // process() runs through an upcall with pointers as longs; nothing per frame may reach the heap
                assertThat(least).as("bytes allocated on the loop thread per 60 frames, rounds:" + rounds)
                        .isZero();
                assertThat(((WaylandSource) source).loopThread()).as("the same thread throughout").isSameAs(loop);
            }
        }
    }

    private static void fillAndRelease(CaptureSource source, TestSlot[] slots, int frames) {
        for (int i = 0; i < frames; i++) {
            TestSlot s = slots[i % slots.length];
            if (!fill(source, s, 2000)) {
                throw new AssertionError("no frame");
            }
            source.released(s);
        }
    }

    @Test
    void steadyFramesAllocateNothingOnTheFillingThread(PipeWireSession pw) throws Exception {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (TestProducer producer = TestProducer.start(pw, VideoFormat.BGRx, 320, 240, 120)) {
            portal(pw, producer.nodeId(), Map.of());
            producer.script.damage = new int[]{1, 2, 3, 4};
            producer.script.cursorX = 10;
            producer.script.cursorY = 20;
            TestSlot[] slots = TestSlot.ring(3);
            try (CaptureSource source = open(pw, CaptureOptions.defaults().cursor(CursorMode.SEPARATE), slots)) {
                long least = Long.MAX_VALUE;
                for (int round = 0; round < 4; round++) {
                    long before = mx.getCurrentThreadAllocatedBytes();
                    for (int i = 0; i < 100; i++) {
                        TestSlot s = slots[i % 3];
                        s.beginFill();
                        if (!source.fill(s, 2_000_000_000L)) {
                            throw new AssertionError("no frame");
                        }
                        source.released(s);
                    }
                    long used = mx.getCurrentThreadAllocatedBytes() - before;
                    if (round > 0) {
                        least = Math.min(least, used);
                    }
                }
                assertThat(least).as("bytes allocated by 100 fills and releases after warm-up").isZero();
            }
        }
    }
}
