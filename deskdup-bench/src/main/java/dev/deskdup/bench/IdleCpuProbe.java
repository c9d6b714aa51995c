package dev.deskdup.bench;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.ScreenCapture;
import dev.deskdup.xvfb.VirtualDisplay;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU use while the screen is idle: a damage-driven push stream runs on an idle 1920×1080 Xvfb for N seconds
 * (default 10); prints the CPU time our process and the X server used, as a percentage of one core, next to the
 * same for full-frame polling at 30 fps for scale. Run: {@code deskdup-bench/run --main IdleCpuProbe [seconds]}.
 */
public final class IdleCpuProbe {

    private IdleCpuProbe() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        try (VirtualDisplay xvfb = VirtualDisplay.start(1920, 1080)) {
            CaptureOptions base = CaptureOptions.defaults().display(xvfb.display()).xauthority(xvfb.xauthority()).source(CaptureOptions.SOURCE_X11);
            measure("damage-driven stream, idle screen", base.changeTracking(true), xvfb, seconds);
            measure("full-frame polling at 30 fps, idle screen", base.changeTracking(false).maxFps(30), xvfb, seconds);
        }
    }

    private static void measure(String what, CaptureOptions options, VirtualDisplay xvfb, int seconds)
            throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong frames = new AtomicLong();
        try (ScreenCapture capture = ScreenCapture.open(options);
             CaptureStream stream = capture.stream(frame -> frames.incrementAndGet())) {
            Thread.sleep(1000); // first frame and warm-up
            long cpu0 = os.getProcessCpuTime();
            long threads0 = captureThreadsCpuNanos();
            long x0 = serverCpuNanos(xvfb.pid());
            long f0 = frames.get();
            long copied0 = capture.bytesCopied();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long wall = System.nanoTime() - t0;
            double ours = 100.0 * (os.getProcessCpuTime() - cpu0) / wall;
            double threads = 100.0 * (captureThreadsCpuNanos() - threads0) / wall;
            double server = 100.0 * (serverCpuNanos(xvfb.pid()) - x0) / wall;
            System.out.printf("%-42s capture threads %5.2f%% of a core, whole JVM %5.2f%%, X server %5.2f%%, "
                    + "%d frames, %d bytes copied%n",
                    what, threads, ours, server, frames.get() - f0, capture.bytesCopied() - copied0);
        }
    }

    /** CPU time of deskdup's own threads (capture, delivery): the JVM's JIT and GC threads are not ours. */
    static long captureThreadsCpuNanos() {
        var threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("deskdup")) {
                sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return sum;
    }

    /** utime + stime of a process from /proc/PID/stat, in ns (assumes 100 ticks/s, the Linux default). */
    static long serverCpuNanos(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
    }
}
