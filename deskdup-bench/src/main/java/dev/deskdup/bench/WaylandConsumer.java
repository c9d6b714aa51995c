package dev.deskdup.bench;

import dev.deskdup.CaptureOptions;
import dev.deskdup.CaptureStream;
import dev.deskdup.Delivery;
import dev.deskdup.Frame;
import dev.deskdup.ScreenCapture;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * One measured Wayland capture, in a JVM of its own started by {@link WaylandBench} inside the private session (its
 * environment points at the private bus, so {@code source=wayland} meets the fake portal and the benchmark
 * producer): {@code WaylandConsumer acquire|stream SECONDS WARMUP_SECONDS [BGRx|RGBx]} (the producer's format). Prints one {@code RESULT} line.
 *
 * <p>Latency: the producer stamps each frame's first 8 bytes with {@code System.nanoTime()} (CLOCK_MONOTONIC, the
 * same clock in every process) just before it queues the buffer; the consumer subtracts that from the time it holds
 * the frame. Nothing is read from a frame but that stamp: a zero-copy consumer's cost, not a reader's.
 */
public final class WaylandConsumer {

    private static final int MAX_SAMPLES = 1 << 16;

    private WaylandConsumer() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        long seconds = Long.parseLong(args[1]);
        long warmup = Long.parseLong(args[2]);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] latency = new long[MAX_SAMPLES];
        long[] fillLatency = new long[MAX_SAMPLES];
        CaptureOptions options = CaptureOptions.defaults().source(CaptureOptions.SOURCE_WAYLAND)
                .delivery(mode.equals("stream") ? Delivery.EVERY : Delivery.LATEST);
        try (ScreenCapture capture = ScreenCapture.open(options)) {
            Measure m = new Measure(latency, fillLatency, args.length > 3 && args[3].equals("RGBx"));
            if (mode.equals("acquire")) {
                pull(capture, m, TimeUnit.SECONDS.toNanos(warmup));
                measuring();
                m.start(capture, os, threads);
                pull(capture, m, TimeUnit.SECONDS.toNanos(seconds));
                m.stop(capture, os, threads);
            } else {
                try (CaptureStream stream = capture.stream(m::onFrame)) {
                    Thread.sleep(TimeUnit.SECONDS.toMillis(warmup));
                    measuring();
                    m.start(capture, os, threads);
                    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                    m.stop(capture, os, threads);
                }
            }
            System.out.println(m.result(capture.width() + "x" + capture.height()));
        }
    }

    /** Tells the driver the measured window starts now (it samples the producer's rate meanwhile). */
    private static void measuring() {
        System.out.println("MEASURING");
        System.out.flush();
    }

    private static void pull(ScreenCapture capture, Measure m, long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Frame f = capture.acquire(1, TimeUnit.SECONDS);
            if (f != null) {
                try (f) {
                    m.onFrame(f);
                }
            }
        }
    }

    /** Samples and counters; {@code onFrame} allocates nothing (measured: the allocation column). */
    static final class Measure {
        final long[] latency;
        final long[] fillLatency;
        volatile boolean recording;
        int samples;
        long frames;
        long lastSeq = -1;
        long skipped;
        long wall0, cpu0, copied0, alloc0, delivered0, consumerCpu0, javaThreadsCpu0;
        long wall, cpu, copied, alloc, delivered, consumerCpu, javaThreadsCpu;
        Thread consumer;
        final boolean swapped;

        Measure(long[] latency, long[] fillLatency, boolean swapped) {
            this.latency = latency;
            this.fillLatency = fillLatency;
            this.swapped = swapped;
        }

        void onFrame(Frame f) {
            long now = System.nanoTime();
            if (consumer == null) {
                consumer = Thread.currentThread();
            }
            long stamp = unswap(f.pixels().get(JAVA_LONG_UNALIGNED, 0));
            long seq = unswap(f.pixels().get(JAVA_LONG_UNALIGNED, 8));
            if (!recording) {
                lastSeq = seq;
                return;
            }
            if (lastSeq >= 0 && seq > lastSeq + 1) {
                skipped += seq - lastSeq - 1;
            }
            lastSeq = seq;
            frames++;
            if (samples < latency.length) {
                latency[samples] = now - stamp;
                fillLatency[samples] = f.timestampNanos() - stamp;
                samples++;
            }
        }

        /** An RGBx producer's stamp went through deskdup's RGBx→BGRA conversion: swap bytes 0 and 2 back. */
        private long unswap(long v) {
            if (!swapped) {
                return v;
            }
            return (v & 0xFF00FF00_FF00FF00L) | ((v & 0x000000FF_000000FFL) << 16) | ((v >>> 16) & 0x000000FF_000000FFL);
        }

        void start(ScreenCapture c, com.sun.management.OperatingSystemMXBean os,
                   com.sun.management.ThreadMXBean threads) {
            consumerCpu0 = consumer != null ? threads.getThreadCpuTime(consumer.threadId()) : 0;
            javaThreadsCpu0 = javaThreadsCpu(threads);
            copied0 = c.bytesCopied();
            delivered0 = c.framesDelivered();
            cpu0 = os.getProcessCpuTime();
            // last, and first in stop: in pull mode this is the consumer's thread, and the calls above allocate
            alloc0 = consumer != null ? threads.getThreadAllocatedBytes(consumer.threadId()) : 0;
            wall0 = System.nanoTime();
            recording = true;
        }

        void stop(ScreenCapture c, com.sun.management.OperatingSystemMXBean os,
                  com.sun.management.ThreadMXBean threads) {
            recording = false;
            alloc = consumer != null ? threads.getThreadAllocatedBytes(consumer.threadId()) - alloc0 : -1;
            wall = System.nanoTime() - wall0;
            cpu = os.getProcessCpuTime() - cpu0;
            consumerCpu = consumer != null ? threads.getThreadCpuTime(consumer.threadId()) - consumerCpu0 : 0;
            javaThreadsCpu = javaThreadsCpu(threads) - javaThreadsCpu0;
            copied = c.bytesCopied() - copied0;
            delivered = c.framesDelivered() - delivered0;
        }

        /** CPU of every thread Java sees: ours and PipeWire's loop thread (attached by its upcalls). */
        private static long javaThreadsCpu(com.sun.management.ThreadMXBean threads) {
            long sum = 0;
            for (long id : threads.getAllThreadIds()) {
                long t = threads.getThreadCpuTime(id);
                if (t > 0) {
                    sum += t;
                }
            }
            return sum;
        }

        String result(String size) {
            long[] l = Arrays.copyOf(latency, samples);
            long[] fl = Arrays.copyOf(fillLatency, samples);
            Arrays.sort(l);
            Arrays.sort(fl);
            return String.format("RESULT size=%s frames=%d wallNanos=%d cpuNanos=%d bytesCopied=%d allocBytes=%d "
                            + "skipped=%d lat50=%d lat99=%d latMax=%d fill50=%d consumerCpu=%d javaThreadsCpu=%d", size,
                    frames, wall, cpu, copied, alloc, skipped, pct(l, 50), pct(l, 99),
                    samples == 0 ? -1 : l[samples - 1], pct(fl, 50), consumerCpu, javaThreadsCpu);
        }

        private static long pct(long[] sorted, int p) {
            return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
        }
    }
}
