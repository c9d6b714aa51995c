package dev.deskdup.cli;

import dev.deskdup.RingReader;
import dev.deskdup.RingStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code deskdup ring NAME}: the header, slots and readers of a shared ring (like AeronStat). */
@Command(name = "ring",
        mixinStandardHelpOptions = true,
        header = "Show a shared ring's header, slots and readers.",
        description = {
                "Reads ring NAME (the file /dev/shm/deskdup-NAME that 'deskdup share --name NAME' writes) without "
                        + "attaching to it, and prints its header (layout version, geometry, producer, heartbeat, "
                        + "how pixels reach the slots: os-direct = zero copy, one-copy, rendered), every slot "
                        + "(sequence: odd while being written; frame number; dirty rectangles; leases) and every "
                        + "reader entry that is or was used (alive, pid, leased slot, frames read and lost).",
                "",
                "With --watch it prints again every second, until Ctrl-C."},
        footer = {"  deskdup ring desk", "  deskdup ring desk --watch"})
final class RingCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The ring's name.")
    String name;

    @Option(names = "--watch", description = "Print again every second until stopped.")
    boolean watch;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        do {
            print(out, RingReader.status(name));
            out.flush();
            if (watch) {
                Thread.sleep(1000);
                out.println();
            }
        } while (watch);
        return ExitCodes.OK;
    }

    static void print(PrintWriter out, RingStatus s) {
        out.printf("ring %s  %s  layout %s  state %s  generation %d%n", s.name(), s.path(), s.layoutVersion(),
                s.state(), s.generation());
        out.printf("  frames     %dx%d BGRA, stride %d, %d slots, %d reader entries%n", s.width(), s.height(),
                s.stride(), s.slotCount(), s.readerCapacity());
        out.printf("  producer   pid %d%s, source %s, %s, heartbeat %s%n", s.producerPid(),
                s.producerStarted() != null ? " (started " + s.producerStarted() + ")" : "", s.source(),
                s.producerAlive() ? "alive" : "GONE", s.heartbeatAgeMillis() < 0 ? "?" : s.heartbeatAgeMillis()
                        + " ms ago");
        out.printf("  pixels     %s%n", switch (s.writePath()) {
            case "os-direct" -> "os-direct: the X server writes each frame into the ring file (zero copy)";
            case "one-copy" -> "one-copy: each frame is copied once into its slot (SysV fallback, or a backend "
                    + "with its own memory)";
            case "rendered" -> "rendered: the synthetic pattern is drawn into the slots";
            default -> s.writePath();
        });
        out.printf("  latest     frame %d in slot %d; %d published, %d slot reuses deferred by leases, %d leases "
                + "revoked%n", s.latestFrame(), s.latestSlot(), s.framesPublished(), s.leaseDeferrals(),
                s.revocations());
        if (!s.error().isEmpty()) {
            out.printf("  error      %s%n", s.error());
        }
        out.println("  slot  sequence        frame  rects  flags             leases");
        for (RingStatus.Slot slot : s.slots()) {
            out.printf("  %4d  %8d%s  %11d  %5d  %-16s  %6d%n", slot.index(), slot.sequence(),
                    (slot.sequence() & 1) != 0 ? "w" : " ", slot.frameNumber(), slot.dirtyRects(),
                    (slot.repeat() ? "repeat " : "") + (slot.cursorVisible() ? "cursor@" + slot.cursorX() + ","
                            + slot.cursorY() : ""), slot.leasedBy());
        }
        if (s.readers().isEmpty()) {
            out.println("  no readers");
            return;
        }
        out.println("  reader  state  pid      kind    lease          read       lost  heartbeat");
        for (RingStatus.Reader r : s.readers()) {
            out.printf("  %6d  %-5s  %-7d  %-6s  %-12s  %9d  %5d  %s%n", r.index(), r.alive() ? "alive" : "dead",
                    r.pid(), r.kind(), r.leasedSlot() < 0 ? "-" : "slot " + r.leasedSlot()
                            + (r.revoked() ? " REVOKED" : ""), r.framesRead(), r.framesLost(),
                    r.heartbeatAgeMillis() < 0 ? "?" : r.heartbeatAgeMillis() + " ms ago");
        }
    }
}
