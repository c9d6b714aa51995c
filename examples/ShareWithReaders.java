import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.RingPublisher;
import dev.deskdup.RingReader;

import java.util.concurrent.TimeUnit;

/**
 * Frames leave the process: publish $DISPLAY into the shared-memory ring "example" (/dev/shm/deskdup-example, mode
 * 0600), and read it back as another process would (Python: deskdup.Ring("example")), without copying.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp deskdup.jar examples/ShareWithReaders.java [frames]
 * </pre>
 */
public class ShareWithReaders {
    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        try (RingPublisher ring = RingPublisher.start("example", CaptureOptions.defaults().fixedRate(30), 2);
             RingReader reader = RingReader.open("example", 5, TimeUnit.SECONDS)) {
            boolean announced = false;
            for (int i = 0; i < frames; i++) {
                Frame frame = reader.acquire(2, TimeUnit.SECONDS);   // leased: the producer leaves its slot alone
                if (frame == null) {
                    continue;
                }
                try (frame) {
                    if (!announced) { // how pixels reach the ring is known once the first frame is published
                        announced = true;
                        System.out.println("publishing " + ring.width() + "x" + ring.height() + " into " + ring.path()
                                + " (" + ring.writePath() + ")");
                    }
                    System.out.printf("read frame %d: %dx%d%s%n", frame.sequence(), frame.width(), frame.height(),
                            frame.isRepeat() ? " (repeat)" : "");
                }
            }
        }
    }
}
