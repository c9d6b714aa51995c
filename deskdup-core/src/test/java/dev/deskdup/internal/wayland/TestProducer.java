package dev.deskdup.internal.wayland;

import dev.deskdup.internal.pipewire.PodBuilder;
import dev.deskdup.internal.pipewire.PwContext;
import dev.deskdup.internal.pipewire.PwStream;
import dev.deskdup.internal.pipewire.PwThreadLoop;
import dev.deskdup.internal.pipewire.SpaBuffers;
import dev.deskdup.internal.pipewire.VideoFormat;
import dev.deskdup.internal.pipewire.VideoParams;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * deskdup's own test producer: a {@code pw_stream} in the output direction (a Video/Source node, driving its own
 * clock) that paints a known pattern into PipeWire's memfd buffers and attaches what the screen-cast consumer
 * reads: a header (pts, seq, flags), damage regions, a crop and a cursor with its bitmap. GStreamer's
 * {@code pipewiresink} sends none of these metadata, hence this producer.
 *
 * <p>Pattern: pixel (x, y) of frame number n is the little-endian int {@link #pixel(int, int, int)}.
 */
public final class TestProducer implements AutoCloseable {

    /** What the next frames carry; changed between frames by the test (under the producer's lock). */
    public static final class Script {
        public volatile int[] damage;          // x, y, w, h quadruples; null: no damage metadata written
        /** How many of the next frames to flag corrupted. */
        public volatile int corruptNext;
        public volatile int cursorX = -1, cursorY = -1;   // -1: no cursor metadata
        public volatile int cursorShapeSerial;            // bump to send a new bitmap
        public volatile boolean emptyNext;                // a buffer without pixels (cursor-only)
        public volatile int[] crop;                       // x, y, w, h, or null
    }

    private final PwThreadLoop loop;
    private final PwContext context;
    private final PwStream stream;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment pods = arena.allocate(8192, 8);
    private final Map<Long, MemorySegment> memory = new HashMap<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Events events = new Events();
    public final Script script = new Script();
    private final int format;
    private final boolean dmabufOnly;
    private final boolean withCursorMeta;
    private final boolean benchPaint;
    private volatile int width;
    private volatile int height;
    private volatile int nodeId = -1;
    private int negotiatedWidth;
    private int negotiatedHeight;
    private volatile String error;
    private volatile long frames;
    /** Times the producer had a frame to make but PipeWire had no free buffer for it. */
    private volatile long starved;
    private volatile long lastPts;
    private int sentShapeSerial;
    private int shapeRepeats;
    private Thread clock;
    private volatile boolean running = true;

    private TestProducer(String socket, int format, int width, int height, int fps, boolean dmabufOnly,
                         boolean withCursorMeta, boolean benchPaint) {
        this.benchPaint = benchPaint;
        this.format = format;
        this.width = width;
        this.height = height;
        this.dmabufOnly = dmabufOnly;
        this.withCursorMeta = withCursorMeta;
        loop = PwThreadLoop.create("deskdup-test-producer");
        context = PwContext.create(loop);
        context.connectTo(socket);
        stream = PwStream.create(context, "deskdup test producer",
                "media.class=Video/Source node.name=deskdup-test-producer media.type=Video", events);
        stream.connect(false, PwStream.ANY_NODE, PwStream.FLAG_DRIVER | PwStream.FLAG_MAP_BUFFERS, enumFormat());
        loop.start();
        clock = Thread.ofPlatform().daemon().name("test-producer-clock").start(() -> {
            long period = 1_000_000_000L / fps;
            long next = System.nanoTime();
            while (running) {
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                } else {
                    next = System.nanoTime();
                }
                loop.lock();
                try {
                    if (running) {
                        if (benchPaint) {
                            // as a compositor does: render into a buffer, queue it, start the graph cycle that
                            // carries it (producing in process() instead would send each frame a cycle later)
                            events.produce();
                        }
                        stream.triggerProcess();
                    }
                } finally {
                    loop.unlock();
                }
            }
        });
    }

    public static TestProducer start(PipeWireSession pw, int format, int width, int height, int fps) {
        return start(pw, format, width, height, fps, false, true);
    }

    public static TestProducer start(PipeWireSession pw, int format, int width, int height, int fps, boolean dmabufOnly,
                              boolean withCursorMeta) {
        return start(new TestProducer(pw.pipeWireSocket().toString(), format, width, height, fps, dmabufOnly,
                withCursorMeta, false));
    }

    /** A producer on the PipeWire daemon listening at {@code socket} (e.g. a {@link PipeWireSession.Daemon}). */
    public static TestProducer start(Path socket, int format, int width, int height, int fps) {
        return start(new TestProducer(socket.toString(), format, width, height, fps, false, true, false));
    }

    /**
     * The benchmark's producer: every frame changes as a whole (rows copied from one painted row, cheaper than the
     * test pattern, so the producer leaves the CPU to the consumer under test) and its first 16 bytes carry the
     * {@link #STAMP_PTS} and {@link #STAMP_SEQ} stamp; no damage metadata (every frame fully dirty).
     */
    public static TestProducer startForBenchmark(Path socket, int format, int width, int height, int fps) {
        return start(new TestProducer(socket.toString(), format, width, height, fps, false, false, true));
    }

    /** Byte offsets of the benchmark's stamp: the pts (System.nanoTime when queued) and the frame number. */
    public static final long STAMP_PTS = 0, STAMP_SEQ = 8;

    private static TestProducer start(TestProducer p) {
        try {
            p.awaitNode();
            return p;
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
    }

    private MemorySegment enumFormat() {
        PodBuilder b = new PodBuilder(pods);
        return b.pod(VideoParams.enumFormatFixed(b, format, width, height, 60, dmabufOnly));
    }

    private void awaitNode() {
        try {
            if (!ready.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test producer's node did not appear (error=" + error + ")");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    public int nodeId() {
        return nodeId;
    }

    public long frames() {
        return frames;
    }

    /** The pts (CLOCK_MONOTONIC ns, as System.nanoTime) of the last frame sent. */
    public long lastPts() {
        return lastPts;
    }

    /** BGRA of pixel (x, y) in frame n, as a little-endian int. */
    public static int pixel(int x, int y, long n) {
        int b = (x * 7 + (int) n) & 0xFF;
        int g = (y * 3) & 0xFF;
        int r = (int) (n * 5) & 0xFF;
        return b | (g << 8) | (r << 16) | 0xFF000000;
    }

    /** The same pixel as the producer's format lays it out (RGBx swaps R and B). */
    private int raw(int x, int y, long n) {
        int v = pixel(x, y, n);
        if (format == VideoFormat.RGBx || format == VideoFormat.RGBA) {
            return (v & 0xFF00FF00) | ((v & 0xFF) << 16) | ((v >>> 16) & 0xFF);
        }
        return v;
    }

    /** Renegotiates at a new size (the producer resizes, as a compositor does when a monitor's mode changes). */
    public void resize(int w, int h) {
        loop.lock();
        try {
            width = w;
            height = h;
            stream.updateParams(enumFormat());
        } finally {
            loop.unlock();
        }
    }

    void lock() {
        loop.lock();
    }

    void unlock() {
        loop.unlock();
    }

    private final class Events implements PwStream.Listener {
        @Override
        public void stateChanged(int oldState, int state, String err) {
            if (state == PwStream.STATE_ERROR) {
                error = err;
            }
            if (state >= PwStream.STATE_PAUSED && nodeId < 0) {
                nodeId = stream.nodeId();
                ready.countDown();
            }
        }

        @Override
        public void paramChanged(int id, long pod) {
            if (id != PwStream.PARAM_FORMAT || pod == 0) {
                return;
            }
            VideoFormat f = VideoFormat.parse(MemorySegment.ofAddress(pod));
            negotiatedWidth = f.width();
            negotiatedHeight = f.height();
            int stride = 4 * f.width();
            PodBuilder b = new PodBuilder(pods);
            // the benchmark offers what mutter offers (16, 2..16); the tests 4 (2..8), to meet few buffers
            int buffers = benchPaint ? VideoParams.buffers(b, 16, 2, 16, stride * f.height(), stride, false)
                    : VideoParams.buffers(b, 4, 2, 8, stride * f.height(), stride, false);
            int header = VideoParams.meta(b, VideoParams.META_HEADER, VideoParams.HEADER_SIZE);
            int damage = VideoParams.metaRange(b, VideoParams.META_VIDEO_DAMAGE, VideoParams.REGION_SIZE * 16,
                    VideoParams.REGION_SIZE, VideoParams.REGION_SIZE * 16);
            int crop = VideoParams.meta(b, VideoParams.META_VIDEO_CROP, VideoParams.REGION_SIZE);
            if (withCursorMeta) {
                int cursor = VideoParams.metaRange(b, VideoParams.META_CURSOR, VideoParams.cursorMetaSize(64, 64),
                        VideoParams.cursorMetaSize(1, 1), VideoParams.cursorMetaSize(256, 256));
                stream.updateParams(b.pod(buffers), b.pod(header), b.pod(damage), b.pod(crop), b.pod(cursor));
            } else {
                stream.updateParams(b.pod(buffers), b.pod(header), b.pod(damage), b.pod(crop));
            }
        }

        @Override
        public void addBuffer(long pwBuffer) {
            long data = SpaBuffers.data0(SpaBuffers.spaBuffer(pwBuffer));
            long p = SpaBuffers.dataPointer(data);
            memory.put(pwBuffer, MemorySegment.ofAddress(p).reinterpret(SpaBuffers.dataMaxSize(data)));
        }

        @Override
        public void removeBuffer(long pwBuffer) {
            memory.remove(pwBuffer);
        }

        @Override
        public void process() {
            if (!benchPaint) {
                produce();
            }
        }

        /** Dequeues a buffer, paints frame n + 1 into it with its metadata, queues it (loop lock held). */
        void produce() {
            long pw = stream.dequeue();
            if (pw == 0) {
                starved++;
                return;
            }
            long spa = SpaBuffers.spaBuffer(pw);
            long data = SpaBuffers.data0(spa);
            long n = frames + 1;
            int w = negotiatedWidth, h = negotiatedHeight, stride = 4 * w;
            MemorySegment m = memory.get(pw);
            if (m != null && m.byteSize() < (long) stride * h) {
                stream.queue(pw); // a buffer of the old size during renegotiation
                return;
            }
            boolean empty = script.emptyNext;
            script.emptyNext = false;
            if (benchPaint && m != null) {
                paintRows(m, w, h, stride, n);
            } else if (!empty && m != null) {
                for (int y = 0; y < h; y++) {
                    long row = (long) y * stride;
                    for (int x = 0; x < w; x++) {
                        m.set(JAVA_INT, row + 4L * x, raw(x, y, n));
                    }
                }
            }
            SpaBuffers.setChunk(data, 0, empty ? 0 : stride * h, stride, 0);
            long pts = System.nanoTime();
            if (benchPaint && m != null) {
                m.set(JAVA_LONG_UNALIGNED, STAMP_PTS, pts);
                m.set(JAVA_LONG_UNALIGNED, STAMP_SEQ, n);
            }
            long header = SpaBuffers.findMeta(spa, VideoParams.META_HEADER);
            if (header != 0) {
                boolean corrupt = script.corruptNext > 0;
                if (corrupt) {
                    script.corruptNext--;
                }
                SpaBuffers.setHeader(SpaBuffers.metaData(header), corrupt ? SpaBuffers.HEADER_FLAG_CORRUPTED : 0,
                        pts, n);
            }
            long damage = benchPaint ? 0 : SpaBuffers.findMeta(spa, VideoParams.META_VIDEO_DAMAGE);
            if (damage != 0) {
                int[] d = script.damage;
                long regions = SpaBuffers.metaData(damage);
                long room = SpaBuffers.metaSize(damage) / SpaBuffers.REGION_SIZE;
                int count = d == null ? 0 : d.length / 4;
                for (int i = 0; i < room; i++) {
                    long r = regions + i * SpaBuffers.REGION_SIZE;
                    if (i < count) {
                        SpaBuffers.setRegion(r, d[4 * i], d[4 * i + 1], d[4 * i + 2], d[4 * i + 3]);
                    } else {
                        SpaBuffers.setRegion(r, 0, 0, 0, 0);
                    }
                }
            }
            long crop = SpaBuffers.findMeta(spa, VideoParams.META_VIDEO_CROP);
            if (crop != 0) {
                int[] c = script.crop;
                long r = SpaBuffers.metaData(crop);
                if (c == null) {
                    SpaBuffers.setRegion(r, 0, 0, 0, 0);
                } else {
                    SpaBuffers.setRegion(r, c[0], c[1], c[2], c[3]);
                }
            }
            long cursor = SpaBuffers.findMeta(spa, VideoParams.META_CURSOR);
            if (cursor != 0) {
                long c = SpaBuffers.metaData(cursor);
                int cx = script.cursorX, cy = script.cursorY;
                if (cx < 0) {
                    SpaBuffers.setCursor(c, 0, 0, 0, 0, 0, 0);
                } else {
                    int serial = script.cursorShapeSerial;
                    int bitmapOffset = 0;
                    if (serial != sentShapeSerial) {
                        sentShapeSerial = serial;
                        shapeRepeats = 10; // a frame may be recycled unseen: repeat the bitmap for a few frames
                    }
                    if (shapeRepeats > 0) {
                        shapeRepeats--;
                        bitmapOffset = (int) SpaBuffers.CURSOR_STRUCT_SIZE;
                        long bitmap = c + bitmapOffset;
                        int bw = 8, bh = 4;
                        int pixelsOffset = (int) SpaBuffers.BITMAP_STRUCT_SIZE;
                        SpaBuffers.setBitmap(bitmap, VideoFormat.RGBA, bw, bh, 4 * bw, pixelsOffset);
                        for (int i = 0; i < bw * bh; i++) {
                            // RGBA bytes: R = i, G = serial, B = 0x80, A = 0xFF
                            int rgba = (i & 0xFF) | ((serial & 0xFF) << 8) | (0x80 << 16) | 0xFF000000;
                            SpaBuffers.int32At(bitmap + pixelsOffset + 4L * i, rgba);
                        }
                    }
                    // like mutter: the hotspot only with a bitmap (0, 0 in position-only updates)
                    int hotspot = bitmapOffset != 0 ? 1 : 0;
                    SpaBuffers.setCursor(c, 1, cx, cy, 2 * hotspot, 3 * hotspot, bitmapOffset);
                }
            }
            stream.queue(pw);
            frames = n;
            lastPts = pts;
        }

        @Override
        public void callbackFailed(Throwable t) {
            error = t.toString();
            t.printStackTrace();
        }
    }

    /** One painted row of frame {@code n}, copied to every row: a full-frame change at memcpy cost. */
    private void paintRows(MemorySegment m, int w, int h, int stride, long n) {
        for (int x = 0; x < w; x++) {
            m.set(JAVA_INT, 4L * x, raw(x, 0, n));
        }
        for (int y = 1; y < h; y++) {
            MemorySegment.copy(m, 0, m, (long) y * stride, 4L * w);
        }
    }

    /**
     * Runs a benchmark producer in a process of its own (so that its painting is not counted as the consumer's
     * CPU): {@code TestProducer SOCKET FORMAT WxH FPS}, FORMAT {@code BGRx} or {@code RGBx}. Prints
     * {@code NODE id} once its node exists; answers {@code frames} on stdin with {@code FRAMES n}; ends at EOF.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: TestProducer SOCKET BGRx|RGBx WIDTHxHEIGHT FPS");
            System.exit(2);
        }
        int format = switch (args[1]) {
            case "BGRx" -> VideoFormat.BGRx;
            case "RGBx" -> VideoFormat.RGBx;
            default -> throw new IllegalArgumentException("format=" + args[1] + " (choose BGRx or RGBx)");
        };
        String[] size = args[2].split("x");
        try (TestProducer p = startForBenchmark(Path.of(args[0]), format, Integer.parseInt(size[0]),
                Integer.parseInt(size[1]), Integer.parseInt(args[3]))) {
            System.out.println("NODE " + p.nodeId());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.strip().equals("frames")) {
                    System.out.println("FRAMES " + p.frames() + " starved " + p.starved);
                    System.out.flush();
                }
            }
        }
    }

    public String error() {
        return error;
    }

    @Override
    public void close() {
        running = false;
        if (clock != null) {
            try {
                clock.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        loop.lock();
        try {
            stream.close();
            context.close();
        } finally {
            loop.unlock();
        }
        loop.close();
        arena.close();
    }
}
