package dev.deskdup.internal.x11;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What this JVM holds that a capture could leak: open file descriptors (what each points to), mappings of deskdup's
 * memfds, and capture threads. Taken before and after; {@link #leakedSince} names whatever is left over.
 *
 * <p>Threads are counted by name ({@code deskdup-capture-*}, {@code deskdup-deliver-*}), not all live threads:
 * the JDK starts and parks pool threads of its own (the process reaper, the common pool) at times a test does not
 * control, and only a capture's threads are the library's to end.
 */
record ProcessResources(Map<Integer, String> fds, List<String> memfdMaps, List<String> captureThreads) {

    static ProcessResources now() {
        Map<Integer, String> fds = new TreeMap<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                try {
                    fds.put(Integer.parseInt(p.getFileName().toString()), Files.readSymbolicLink(p).toString());
                } catch (IOException e) {
                    // the fd of the directory listing itself, closed by now
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
        List<String> maps;
        try {
            maps = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(l -> l.contains("/memfd:deskdup")).toList();
        } catch (IOException e) {
            throw new AssertionError("cannot read /proc/self/maps", e);
        }
        List<String> threads = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && (t.getName().startsWith("deskdup-capture") || t.getName().startsWith("deskdup-deliver"))) {
                threads.add(t.getName());
            }
        }
        return new ProcessResources(fds, maps, threads);
    }

    /** What is held now and was not at {@code before}, or an empty string; waits up to 2 s for it to go away. */
    static String leakedSince(ProcessResources before) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (true) {
            String leaked = now().difference(before);
            if (leaked.isEmpty() || System.nanoTime() > deadline) {
                return leaked;
            }
            Thread.sleep(20);
        }
    }

    private String difference(ProcessResources before) {
        StringBuilder b = new StringBuilder();
        fds.forEach((fd, target) -> {
            if (!target.equals(before.fds.get(fd)) && !target.startsWith("/proc/")) {
                b.append("fd ").append(fd).append(" -> ").append(target).append('\n');
            }
        });
        if (memfdMaps.size() > before.memfdMaps.size()) {
            b.append(memfdMaps.size() - before.memfdMaps.size()).append(" memfd mapping(s): ").append(memfdMaps)
                    .append('\n');
        }
        if (captureThreads.size() > before.captureThreads.size()) {
            b.append("threads: ").append(captureThreads).append('\n');
        }
        return b.toString();
    }
}
