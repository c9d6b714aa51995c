package dev.deskdup.internal.share;

import dev.deskdup.Frame;
import dev.deskdup.RingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resize mid-stream moves the ring to a new file (the next geometry generation): a reader that holds a frame of
 * the old size keeps it intact, then its next frames have the new size, the first of them with sizeChanged; every
 * frame's header agrees with its bytes; the old file goes once released.
 */
@Timeout(60)
class RingResizeTest {

    @Test
    void aReaderFollowsAResizeWithoutATornOrMismatchedFrame() throws Exception {
        String name = RingLifecycleTest.name("resize");
        try (TestRingWriter writer = new TestRingWriter(name, 4, 2, 64, 32, 50_000);
             RingReader ring = RingReader.open(name)) {
            Frame held = ring.acquire(5, TimeUnit.SECONDS);
            assertThat(held.width()).isEqualTo(64);
            writer.resize(80, 40);
            Thread.sleep(200); // the producer moves on to the new generation while this frame is held
            assertThat(held.isValid()).isTrue();
            assertThat(Checksums.intact(held)).isTrue();
            held.release();
            int small = 0;
            int big = 0;
            int changed = 0;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (System.nanoTime() < until && big < 200) {
                Frame f = ring.acquire(1, TimeUnit.SECONDS);
                if (f == null) {
                    continue;
                }
                try (f) {
                    assertThat(Checksums.intact(f)).as("frame %d %dx%d", f.sequence(), f.width(), f.height()).isTrue();
                    if (f.sizeChanged()) {
                        changed++;
                        assertThat(f.width()).isEqualTo(80);
                    }
                    if (f.width() == 64) {
                        assertThat(big).as("no small frame after a big one").isZero();
                        small++;
                    } else {
                        assertThat(f.height()).isEqualTo(40);
                        big++;
                    }
                }
            }
            assertThat(big).isEqualTo(200);
            assertThat(changed).isEqualTo(1);
            assertThat(ring.width()).isEqualTo(80);
            assertThat(RingReader.status(name).generation()).isEqualTo(1);
            try (Stream<Path> files = Files.list(Path.of("/dev/shm"))) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.contains(name)))
                        .containsExactly("deskdup-" + name);
            }
            assertThat(small).isGreaterThanOrEqualTo(0);
        }
    }
}
