package dev.deskdup.internal.share;

import dev.deskdup.Frame;
import dev.deskdup.RingClosedException;
import dev.deskdup.RingReader;

import java.util.concurrent.TimeUnit;

/**
 * A reader in its own JVM: {@code ReaderMain NAME FRAMES HOLD_MICROS}. Acquires until it has seen FRAMES frames
 * (0: until the ring ends), holds each for HOLD_MICROS spinning, then checks its checksum. Prints
 * {@code opened}, then {@code frames=N torn=T lost=L last=WxH} or {@code ended died=B at=NANOS message=...}.
 */
public final class ReaderMain {

    public static void main(String[] args) throws Exception {
        String name = args[0];
        long want = Long.parseLong(args[1]);
        long holdNanos = Long.parseLong(args[2]) * 1_000;
        long frames = 0;
        long torn = 0;
        String size = "";
        try (RingReader ring = RingReader.open(name, 10, TimeUnit.SECONDS)) {
            System.out.println("opened " + ring.width() + "x" + ring.height());
            System.out.flush();
            try {
                while (want == 0 || frames < want) {
                    Frame frame = ring.acquire(1, TimeUnit.SECONDS);
                    if (frame == null) {
                        continue;
                    }
                    try (frame) {
                        if (frames == 0) {
                            System.out.println("first " + frame.sequence());
                            System.out.flush();
                        }
                        long until = System.nanoTime() + holdNanos;
                        while (System.nanoTime() < until) {
                            Thread.onSpinWait();
                        }
                        if (!Checksums.intact(frame)) {
                            torn++;
                            if (torn < 5) {
                                System.out.println("torn frame " + frame.sequence() + " valid=" + frame.isValid());
                            }
                        }
                        size = frame.width() + "x" + frame.height();
                        frames++;
                    }
                }
                System.out.println("frames=" + frames + " torn=" + torn + " lost=" + ring.framesLost() + " last="
                        + size);
            } catch (RingClosedException e) {
                System.out.println("ended died=" + e.producerDied() + " at=" + System.nanoTime() + " frames=" + frames
                        + " torn=" + torn + " message=" + e.getMessage());
                System.exit(3);
            }
        } catch (RuntimeException e) {
            System.out.println("error " + e.getClass().getSimpleName() + ": " + e.getMessage());
            System.exit(4);
        }
    }
}
