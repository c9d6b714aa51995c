package dev.deskdup.cli.bench;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Frame;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;

import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * deskdup itself, pulling frames with {@link ScreenCapture#acquire}: each frame is written by the X server into a
 * shared-memory slot and handed over as a view, then released. The pixels are not read: handing them over is the
 * whole job, and reading them would measure the consumer.
 *
 * <p>Two kinds: {@link #fullFrame()} (every frame a full copy by the X server, change tracking off) and
 * {@link #damage} (only the changed areas copied, with a scripted {@link Workload} changing the screen before each
 * frame, outside the frame's timing).
 */
final class DeskdupContender extends InJvmContender {

    private final String id;
    private final String name;
    private final boolean trackChanges;
    private final Function<BenchTarget, Workload> workloadFactory;
    private ScreenCapture capture;
    private Workload workload = Workload.NONE;

    private DeskdupContender(String id, String name, boolean trackChanges,
                             Function<BenchTarget, Workload> workloadFactory) {
        this.id = id;
        this.name = name;
        this.trackChanges = trackChanges;
        this.workloadFactory = workloadFactory;
    }

    /** Every frame a full copy of the area by the X server. */
    static DeskdupContender fullFrame() {
        return new DeskdupContender("deskdup-full", "deskdup full-frame pull", false, t -> Workload.NONE);
    }

    /** Change tracking on, with {@code workload} changing the screen before each frame. */
    static DeskdupContender damage(String id, String workloadName, Function<BenchTarget, Workload> workload) {
        return new DeskdupContender(id, "deskdup damage (" + workloadName + ")", true, workload);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String method() {
        return "in this JVM: frame time = ScreenCapture.acquire + Frame.release (pixels not read)"
                + (trackChanges ? ", after the scripted change (" + id + ") was drawn and synced, untimed" : "")
                + "; CPU = this JVM's process CPU time and the X server's (/proc)";
    }

    private CaptureOptions options(BenchTarget target) {
        return target.captureOptions()
                .source(CaptureOptions.SOURCE_X11)
                .region(Region.of(0, 0, target.width(), target.height()))
                .slots(2)
                .changeTracking(trackChanges);   // off: every acquire copies the whole area; on: changes only
    }

    @Override
    protected void setUp(BenchTarget target) throws ContenderSkipped {
        try {
            capture = ScreenCapture.open(options(target));
            workload = workloadFactory.apply(target);
        } catch (CaptureException | IllegalArgumentException e) {
            close();
            throw new ContenderSkipped("deskdup cannot capture display " + target.display(), e);
        }
    }

    @Override
    protected void beforeFrame() {
        workload.step();
    }

    @Override
    protected void frame() throws ContenderSkipped {
        Frame frame = capture.acquire(5, TimeUnit.SECONDS);
        if (frame == null) {
            throw new ContenderSkipped("deskdup delivered no frame within 5 s from display " + target.display());
        }
        frame.release();
    }

    @Override
    public void close() {
        workload.close();
        workload = Workload.NONE;
        if (capture != null) {
            capture.close();
            capture = null;
        }
    }
}
