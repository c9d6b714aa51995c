import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * Pull: acquire frames of the top-left 640x480 of $DISPLAY at up to 30 frames/s, read their pixels in place, release.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp deskdup.jar examples/PullFrames.java [frames]
 * </pre>
 */
public class PullFrames {
    public static void main(String[] args) {
        int frames = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults()
                .region(Region.of(0, 0, 640, 480))
                .maxFps(30))) {
            for (int i = 0; i < frames; i++) {
                Frame frame = capture.acquire(1, TimeUnit.SECONDS);   // null on timeout (nothing changed)
                if (frame == null) {
                    continue;
                }
                try (frame) {                                          // releases the slot for reuse
                    MemorySegment bgra = frame.pixels();               // the OS's memory, read-only, no copy
                    int topLeft = bgra.get(ValueLayout.JAVA_INT_UNALIGNED, 0);
                    System.out.printf("frame %d: %dx%d, stride %d, top-left 0x%08x, %d dirty rect(s)%n",
                            frame.sequence(), frame.width(), frame.height(), frame.stride(), topLeft,
                            frame.dirtyRectCount());
                }
            }
            System.out.println(capture.info());
        }
    }
}
