import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.CursorMode;
import dev.deskdup.Delivery;
import dev.deskdup.ScreenCapture;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Push, change-driven: a capture thread hands each change of $DISPLAY to the handler with the rectangles that
 * changed and the cursor; an idle screen delivers nothing and costs nothing.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp deskdup.jar examples/WatchChanges.java [seconds]
 * </pre>
 */
public class WatchChanges {
    public static void main(String[] args) throws InterruptedException {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 5;
        AtomicLong changedPixels = new AtomicLong();
        try (ScreenCapture capture = ScreenCapture.open(CaptureOptions.defaults()
                .cursor(CursorMode.SEPARATE)          // position + shape per frame, not drawn in
                .delivery(Delivery.LATEST));          // a slow handler gets the newest frame; drops are counted
             CaptureStream stream = capture.stream(frame -> {
                 long area = 0;
                 for (int i = 0; i < frame.dirtyRectCount(); i++) {
                     area += (long) frame.dirtyRectWidth(i) * frame.dirtyRectHeight(i);
                 }
                 changedPixels.addAndGet(area);
                 if (frame.cursorVisible()) {
                     System.out.printf("frame %d: %d changed pixels, cursor at %d,%d%n", frame.sequence(), area,
                             frame.cursorX(), frame.cursorY());
                 } else {
                     System.out.printf("frame %d: %d changed pixels%n", frame.sequence(), area);
                 }
             })) {
            stream.await(Duration.ofSeconds(seconds));
            System.out.printf("%d frames, %d dropped, %d changed pixels, %d bytes copied%n",
                    capture.framesDelivered(), capture.framesDropped(), changedPixels.get(), capture.bytesCopied());
        }
    }
}
