package dev.deskdup.internal.share;

/**
 * Who produces a ring, as written into its header for readers and for {@code deskdup ring}.
 *
 * @param writePath one of {@code RingDescriptor.WRITE_PATH_*}: how pixels reach the slots
 */
record ProducerInfo(long pid, long startMillis, String sourceName, int writePath) {

    static ProducerInfo current(String sourceName, int writePath) {
        ProcessHandle self = ProcessHandle.current();
        long start = self.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
        return new ProducerInfo(self.pid(), start, sourceName, writePath);
    }
}
