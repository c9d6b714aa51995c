package dev.deskdup.cli.bench;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * A contender that captures in this JVM, on the calling thread: the runner times each {@link #frame()} call and reads
 * the thread's heap allocation, the GC count, this process's CPU time and the X server's around the batch.
 */
abstract class InJvmContender implements Contender {

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    protected BenchTarget target;

    /** Captures one frame; must not allocate on the heap unless that is what is being measured. */
    protected abstract void frame() throws ContenderSkipped;

    /**
     * Runs before each frame, outside its timing and allocation count: a scripted change of the screen. Its CPU time
     * (ours and the X server's) still counts, as the batch's CPU readings span it.
     */
    protected void beforeFrame() {
    }

    @Override
    public void open(BenchTarget target, int warmupFrames) throws ContenderSkipped {
        this.target = target;
        setUp(target);
        for (int i = 0; i < warmupFrames; i++) {
            beforeFrame();
            frame();
        }
    }

    /** Takes what {@link #frame()} needs for this target. */
    protected abstract void setUp(BenchTarget target) throws ContenderSkipped;

    @Override
    public final BatchResult run(BatchSpec spec, FrameTimes times) throws ContenderSkipped {
        times.clear();
        // Everything that allocates (MXBean lists, /proc reads) happens outside the allocation window.
        long gcBefore = gcCount();
        long cpuBefore = OS.getProcessCpuTime();
        long serverBefore = ProcStat.cpuNanos(target.serverPid());
        long start = System.nanoTime();
        long end = spec.byFrames() ? Long.MAX_VALUE : start + spec.nanos();
        long frames = 0;
        long busy = 0;
        long allocated = 0;
        boolean room = true;
        while (room && (spec.byFrames() ? frames < spec.frames() : System.nanoTime() < end)) {
            beforeFrame();
            // Allocation is read around the capture alone, so drawing the scripted change does not count.
            long a0 = THREADS.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            frame();
            long t = System.nanoTime() - t0;
            allocated += THREADS.getCurrentThreadAllocatedBytes() - a0;
            busy += t;
            room = times.add(t);
            frames++;
        }
        long serverAfter = ProcStat.cpuNanos(target.serverPid());
        long cpuAfter = OS.getProcessCpuTime();
        long gcAfter = gcCount();
        return new BatchResult(frames, busy, cpuAfter - cpuBefore, ProcStat.delta(serverBefore, serverAfter),
                allocated, gcAfter - gcBefore);
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
