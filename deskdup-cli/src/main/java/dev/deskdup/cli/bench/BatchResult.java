package dev.deskdup.cli.bench;

/**
 * What one measured batch did. A value of -1 means "not measured" for this contender (e.g. heap allocation of an
 * external process, or the CPU time of an X server whose process we do not know).
 *
 * @param frames         frames captured
 * @param wallNanos      wall time the frames took
 * @param ownCpuNanos    CPU time (user + system) of the process doing the capture: this JVM, the Robot child JVM,
 *                       or ffmpeg
 * @param serverCpuNanos CPU time of the X server over the batch
 * @param allocBytes     bytes allocated on the Java heap by the capturing thread
 * @param gcCount        garbage collections in the capturing JVM
 */
record BatchResult(long frames, long wallNanos, long ownCpuNanos, long serverCpuNanos, long allocBytes,
                   long gcCount) {
}
