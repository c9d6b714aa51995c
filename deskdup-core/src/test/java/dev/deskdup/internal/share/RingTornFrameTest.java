package dev.deskdup.internal.share;

import dev.deskdup.Frame;
import dev.deskdup.RingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader in a second JVM verifies the checksum of every frame it holds while the producer writes as fast as it
 * can into a ring with as few spare slots as allowed (slots = readers + 2), and a second reader in this JVM holds
 * frames for varying times so that leases keep the producer from slots: over 100,000 frames, none is torn.
 */
class RingTornFrameTest {

    @Test
    @Timeout(120)
    void aReaderInASecondJvmSeesNoTornFrameOver100000Frames() throws Exception {
        String name = "torn-" + ProcessHandle.current().pid();
        try (TestRingWriter writer = new TestRingWriter(name, 4, 2, 64, 32, 0);
             ChildJvm child = ChildJvm.start(ReaderMain.class, name, "100000", "2")) {
            child.awaitLine("opened", 20, TimeUnit.SECONDS);
            long inJvmTorn = 0;
            long inJvmFrames = 0;
            try (RingReader ring = RingReader.open(name)) {
                while (child.process.isAlive()) {
                    Frame frame = ring.acquire(100, TimeUnit.MILLISECONDS);
                    if (frame == null) {
                        continue;
                    }
                    try (frame) {
                        long until = System.nanoTime() + (inJvmFrames % 7) * 3_000;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                        if (!Checksums.intact(frame)) {
                            inJvmTorn++;
                        }
                        inJvmFrames++;
                    }
                }
            }
            String result = child.awaitLine("frames=", 60, TimeUnit.SECONDS);
            assertThat(result).as(child.output()).startsWith("frames=100000 torn=0 lost=0");
            assertThat(inJvmTorn).as("torn frames of %d seen in this JVM", inJvmFrames).isZero();
            assertThat(writer.frames.get()).isGreaterThanOrEqualTo(100_000);
        }
    }
}
