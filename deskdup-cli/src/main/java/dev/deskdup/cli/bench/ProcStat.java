package dev.deskdup.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of any process from {@code /proc/PID/stat} (utime + stime), for the X server and the external contenders,
 * whose time the JVM cannot see. The kernel counts it in clock ticks of 1/CLK_TCK s (10 ms at the usual 100), so
 * short batches read coarse values; the report divides totals over all rounds.
 */
final class ProcStat {

    /** Nanoseconds per clock tick; CLK_TCK is 100 on every Linux we know of, and getconf says so when asked. */
    static final long NANOS_PER_TICK = 1_000_000_000L / clockTicksPerSecond();

    private ProcStat() {
    }

    /** CPU time of the process in nanoseconds, or -1 when it cannot be read (no such process, not Linux). */
    static long cpuNanos(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(f[11]);   // field 14 of the whole line
            long stime = Long.parseLong(f[12]);   // field 15
            return (utime + stime) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() == 0 && out.matches("\\d+") && Long.parseLong(out) > 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the usual value
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }

    /** Difference of two readings, or -1 when either is unknown. */
    static long delta(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }
}
