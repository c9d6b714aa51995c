package dev.deskdup.cli.serve;

import dev.deskdup.Frame;
import dev.deskdup.FrameHandler;

import java.util.Arrays;

/**
 * The one consumer of the shared capture ({@code Delivery.LATEST}): for every frame it adds the frame's dirty
 * rectangles to every viewer's pending set; then, for the viewers that are ready (previous update written and
 * acknowledged), it encodes the current pixels of their pending rectangles <em>from this frame, while it is held</em>
 * (the frame is released when {@code onFrame} returns) and sends them. Viewers whose pending sets are equal (several
 * viewers in step, e.g. all watching a video) share one encoding. A viewer that is not ready is skipped: it gets the
 * merged changes, with newer pixels, from a later frame. A slow viewer therefore never delays the capture (its own
 * thread, LATEST) nor the others (they are not waiting for it).
 *
 * <p>A viewer that becomes ready while the screen is idle needs a frame to read from: the capture repeats the last
 * frame every {@code refresh} interval ({@code CaptureOptions.minFrameInterval}), so it waits at most that long.
 *
 * <p>Delivery thread only. Preallocated per-viewer and per-job buffers; nothing allocated per frame once they have
 * grown to the sizes the screen needs.
 */
final class Broadcaster implements FrameHandler, AutoCloseable {

    /** Rectangles a pending set keeps before merging the closest ones (a frame carries at most 16). */
    static final int MAX_RECTS = 32;
    /** Rectangles taller than this are encoded in bands: in parallel, and each decodes sooner in the page. */
    static final int BAND_ROWS = 128;

    private final ViewerRegistry registry;
    private final EncoderPool pool;
    private final EncodingPolicy policy;
    private final int quality;
    private final ServeClock clock;

    // Groups of viewers with equal pending sets (one encoding each), rebuilt per frame from preallocated parts.
    private RectUnion[] groupRegions = new RectUnion[0];
    private Viewer[][] groupViewers = new Viewer[0][];
    private int[] groupSizes = new int[0];
    private int[] groupFirstJob = new int[0];
    private int[] groupJobCount = new int[0];
    private EncodeJob[] jobs = new EncodeJob[0];

    private volatile long framesSeen;
    private volatile long updatesEncoded;

    Broadcaster(ViewerRegistry registry, EncoderPool pool, EncodingPolicy policy, int quality, ServeClock clock) {
        this.registry = registry;
        this.pool = pool;
        this.policy = policy;
        this.quality = quality;
        this.clock = clock;
    }

    @Override
    public void onFrame(Frame frame) {
        framesSeen++;
        registry.freeRetired();
        Viewer[] viewers = registry.snapshot();
        if (viewers.length == 0) {
            return;
        }
        int width = frame.width();
        int height = frame.height();
        boolean resized = frame.sizeChanged();
        for (Viewer v : viewers) {
            if (v.needsFull || resized || v.screenWidth != width || v.screenHeight != height) {
                v.screenWidth = width;
                v.screenHeight = height;
                v.pending.setFull(width, height);
                v.needsFull = false;
            } else {
                for (int i = 0, n = frame.dirtyRectCount(); i < n; i++) {
                    v.pending.add(frame.dirtyRectX(i), frame.dirtyRectY(i), frame.dirtyRectWidth(i),
                            frame.dirtyRectHeight(i));
                }
            }
        }
        int groups = group(viewers);
        if (groups == 0) {
            return;
        }
        int jobCount = planJobs(groups);
        pool.encode(jobs, jobCount, frame.pixels(), frame.stride(), policy, quality);
        long captureNanos = frame.timestampNanos();
        double captureEpochMs = clock.epochMillis(captureNanos);
        double sendEpochMs = clock.epochMillis(System.nanoTime());
        int sequence = (int) frame.sequence();
        for (int g = 0; g < groups; g++) {
            boolean full = groupRegions[g].count() == 1 && groupRegions[g].width(0) == width
                    && groupRegions[g].height(0) == height;
            for (int k = 0; k < groupSizes[g]; k++) {
                Viewer v = groupViewers[g][k];
                v.pending.clear();
                v.send(jobs, groupFirstJob[g], groupJobCount[g], sequence, captureNanos, captureEpochMs,
                        sendEpochMs, full);
            }
            updatesEncoded++;
        }
    }

    /** Sorts the ready viewers with something pending into groups of equal pending sets; returns the group count. */
    private int group(Viewer[] viewers) {
        ensureGroups(viewers.length);
        int groups = 0;
        for (Viewer v : viewers) {
            if (!v.ready() || v.pending.isEmpty()) {
                continue;
            }
            int g = 0;
            while (g < groups && !groupRegions[g].sameAs(v.pending)) {
                g++;
            }
            if (g == groups) {
                groupRegions[g].clear();
                groupRegions[g].addAll(v.pending);
                groupSizes[g] = 0;
                groups++;
            }
            groupViewers[g][groupSizes[g]++] = v;
        }
        return groups;
    }

    /** One job per band of each group's rectangles; returns the job count. */
    private int planJobs(int groups) {
        int count = 0;
        for (int g = 0; g < groups; g++) {
            RectUnion region = groupRegions[g];
            groupFirstJob[g] = count;
            for (int r = 0; r < region.count(); r++) {
                int x = region.x(r);
                int w = region.width(r);
                int bottom = region.y(r) + region.height(r);
                for (int y = region.y(r); y < bottom; y += BAND_ROWS) {
                    ensureJobs(count + 1);
                    jobs[count++].set(x, y, w, Math.min(BAND_ROWS, bottom - y));
                }
            }
            groupJobCount[g] = count - groupFirstJob[g];
        }
        return count;
    }

    private void ensureGroups(int viewers) {
        if (groupRegions.length >= viewers) {
            for (int g = 0; g < groupViewers.length; g++) {
                if (groupViewers[g].length < viewers) {
                    groupViewers[g] = new Viewer[viewers];
                }
            }
            return;
        }
        int old = groupRegions.length;
        groupRegions = Arrays.copyOf(groupRegions, viewers);
        groupViewers = Arrays.copyOf(groupViewers, viewers);
        groupSizes = new int[viewers];
        groupFirstJob = new int[viewers];
        groupJobCount = new int[viewers];
        for (int g = 0; g < viewers; g++) {
            if (g >= old) {
                groupRegions[g] = new RectUnion(MAX_RECTS);
            }
            if (groupViewers[g] == null || groupViewers[g].length < viewers) {
                groupViewers[g] = new Viewer[viewers];
            }
        }
    }

    private void ensureJobs(int count) {
        if (jobs.length >= count) {
            return;
        }
        int old = jobs.length;
        jobs = Arrays.copyOf(jobs, Math.max(count, old * 2 + 16));
        for (int i = old; i < jobs.length; i++) {
            jobs[i] = new EncodeJob();
        }
    }

    long framesSeen() {
        return framesSeen;
    }

    long updatesEncoded() {
        return updatesEncoded;
    }

    /** Frees the job buffers: only once the capture stream has stopped. */
    @Override
    public void close() {
        for (EncodeJob job : jobs) {
            job.close();
        }
    }
}
