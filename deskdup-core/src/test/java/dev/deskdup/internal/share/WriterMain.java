package dev.deskdup.internal.share;

/**
 * A producer in its own JVM: {@code WriterMain NAME SLOTS READERS WIDTH HEIGHT INTERVAL_MICROS}. Prints
 * {@code ready PID} once the ring exists, then writes checksummed frames until killed or its stdin closes.
 */
public final class WriterMain {

    public static void main(String[] args) throws Exception {
        try (TestRingWriter writer = new TestRingWriter(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]) * 1_000)) {
            System.out.println("ready " + ProcessHandle.current().pid() + " replaced=" + writer.producer.replaced());
            System.out.flush();
            while (System.in.read() >= 0) {
                // runs until stdin closes
            }
        } catch (RuntimeException e) {
            System.out.println("error " + e.getMessage());
            System.exit(4);
        }
    }
}
