package dev.deskdup.cli.bench;

/**
 * The screen area a round of contenders captures: the top-left {@code width × height} of {@code display}.
 *
 * @param serverPid the X server's process id, for its CPU time; 0 when unknown (a display we did not start)
 */
record BenchTarget(String display, int width, int height, long serverPid) {

    long frameBytes() {
        return (long) width * height * 4;
    }

    String size() {
        return width + "x" + height;
    }
}
