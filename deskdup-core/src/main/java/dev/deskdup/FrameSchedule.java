package dev.deskdup;

/**
 * How {@link CaptureOptions#minFrameInterval(java.time.Duration, FrameSchedule)} counts its interval.
 */
public enum FrameSchedule {
    /**
     * A repeat frame comes when nothing changed for one interval since the previous frame; {@code maxFps} keeps
     * frames at least {@code 1/maxFps} apart. After a slow consumer or a stall the cadence starts afresh, so over
     * time frames drift behind a wall clock. Fine for viewers; the default.
     */
    AFTER_PREVIOUS,
    /**
     * Frame {@code k} is due at {@code start + k·interval}, on a fixed grid from the first frame: a change is
     * delivered at the next grid point (never earlier), an unchanged screen repeats the previous frame at each grid
     * point, and a late consumer gets the frames it missed back to back. After {@code t} seconds exactly
     * {@code 1 + t/interval} frames have come, whatever happened: what raw video and recorders need.
     * {@code maxFps} is implied (set it to the same rate or leave it 0).
     */
    ABSOLUTE
}
