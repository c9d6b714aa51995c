package dev.deskdup.cli.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The child JVM of {@link RobotContender}: AWT takes its display from $DISPLAY of the process (no API sets it), and
 * the deskdup JVM runs headless, so {@code Robot#createScreenCapture} runs here, started with DISPLAY set to the
 * benchmark's display and {@code -Djava.awt.headless=false}. It measures itself, as the in-JVM contenders are
 * measured, and answers one line per command on stdout:
 *
 * <pre>
 * parent: warmup N          child: ok
 * parent: frames N | nanos N child: result FRAMES BUSY_NANOS CPU_NANOS ALLOC_BYTES GC_COUNT T1 T2 ...
 * parent: quit
 * </pre>
 * Any failure is answered with {@code error MESSAGE}, and the child exits.
 */
public final class RobotWorker {

    private static volatile BufferedImage sink;   // keeps each capture reachable, so none is optimised away

    private RobotWorker() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.US_ASCII);
        try {
            Rectangle area = new Rectangle(0, 0, Integer.parseInt(args[0]), Integer.parseInt(args[1]));
            Robot robot = new Robot();
            out.println("ready");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            long[] times = new long[Integer.parseInt(args[2])];
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                String[] cmd = line.split(" ");
                long n = Long.parseLong(cmd[1]);
                if (cmd[0].equals("warmup")) {
                    for (long i = 0; i < n; i++) {
                        sink = robot.createScreenCapture(area);
                    }
                    out.println("ok");
                } else {
                    out.println(batch(robot, area, cmd[0].equals("frames") ? n : 0, cmd[0].equals("nanos") ? n : 0,
                            times));
                }
                out.flush();
            }
        } catch (Throwable e) {
            out.println("error " + e.toString().replace('\n', ' '));
            out.flush();
            System.exit(1);
        }
        System.exit(0);
    }

    private static String batch(Robot robot, Rectangle area, long frames, long nanos, long[] times) {
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long gcBefore = gcCount();
        long cpuBefore = os.getProcessCpuTime();
        long allocBefore = threads.getCurrentThreadAllocatedBytes();
        long end = System.nanoTime() + nanos;
        int count = 0;
        long busy = 0;
        while (count < times.length && (frames > 0 ? count < frames : System.nanoTime() < end)) {
            long t0 = System.nanoTime();
            sink = robot.createScreenCapture(area);
            long t = System.nanoTime() - t0;
            busy += t;
            times[count++] = t;
        }
        long allocAfter = threads.getCurrentThreadAllocatedBytes();
        long cpuAfter = os.getProcessCpuTime();
        long gcAfter = gcCount();
        StringBuilder sb = new StringBuilder("result ").append(count).append(' ').append(busy).append(' ')
                .append(cpuAfter - cpuBefore).append(' ').append(allocAfter - allocBefore).append(' ')
                .append(gcAfter - gcBefore);
        for (int i = 0; i < count; i++) {
            sb.append(' ').append(times[i]);
        }
        return sb.toString();
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
