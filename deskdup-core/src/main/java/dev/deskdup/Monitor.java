package dev.deskdup;

/**
 * One monitor of an X screen as RandR 1.5 lists it ({@code xrandr --listmonitors}).
 *
 * @param index   position in the server's list, from 0
 * @param name    the monitor's name, e.g. {@code "DP-1"} (what {@link CaptureOptions#monitor(String)} takes)
 * @param x       left edge on the screen, in pixels
 * @param y       top edge on the screen, in pixels
 * @param width   width in pixels
 * @param height  height in pixels
 * @param primary whether it is the primary monitor
 */
public record Monitor(int index, String name, int x, int y, int width, int height, boolean primary) {

    /** The monitor's area as a capture region. */
    public Region region() {
        return Region.of(x, y, width, height);
    }
}
