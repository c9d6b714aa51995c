package dev.deskdup.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * The frame loop of {@code record}: one frame per tick of the {@link FixedRatePacer}, fitted to the video's size,
 * converted where it changed (or passed as BGRA), written to ffmpeg's input. It ends when the duration is reached
 * or a stop signal came; a failure (the capture, ffmpeg's input) is thrown to the caller, who finishes the file.
 * Nothing is allocated per frame: a repeat costs one write of the same planes.
 */
final class Recorder {

    private final FixedRatePacer pacer;
    private final FrameFitter fitter;
    private final I420Converter converter;
    private final PackedFrameWriter bgra;
    private final WritableByteChannel input;
    private final StopSignals stop;
    private final ProgressLine progress;
    private final FfmpegProcess ffmpeg;
    private final long totalFrames;
    private final java.util.function.LongSupplier outputBytes;
    private long frames;
    private long repeats;
    private long pixelsConverted;

    /**
     * @param converter   the I420 planes to keep up to date, or null to write BGRA frames
     * @param totalFrames frames to record (the duration times the rate); 0 until stopped
     * @param outputBytes the output's size so far, for the progress line
     */
    Recorder(FixedRatePacer pacer, FrameFitter fitter, I420Converter converter, WritableByteChannel input,
             StopSignals stop, ProgressLine progress, FfmpegProcess ffmpeg, long totalFrames,
             java.util.function.LongSupplier outputBytes) {
        this.pacer = pacer;
        this.fitter = fitter;
        this.converter = converter;
        this.bgra = converter == null ? new PackedFrameWriter(input) : null;
        this.input = input;
        this.stop = stop;
        this.progress = progress;
        this.ffmpeg = ffmpeg;
        this.totalFrames = totalFrames;
        this.outputBytes = outputBytes;
    }

    /**
     * Records until the duration is reached or a stop signal comes.
     *
     * @throws IOException when ffmpeg stops taking frames (it died, the disk is full, the server went away)
     */
    void run(long durationNanos) throws IOException {
        while (!stop.requested() && (totalFrames == 0 || pacer.framesDue() < totalFrames)) {
            FittedFrame fitted = fitter.fit(pacer.next());
            if (converter != null) {
                pixelsConverted += converter.convert(fitted);   // also for a late frame: the planes keep its changes
            }
            if (pacer.isLate()) {
                continue;
            }
            if (converter != null) {
                ByteBuffer planes = converter.frame();
                while (planes.hasRemaining()) {
                    input.write(planes);
                }
            } else {
                bgra.write(fitted);
            }
            frames++;
            if (pacer.isRepeat()) {
                repeats++;
            }
            progress.update(pacer.elapsedNanos(), durationNanos, frames, dropped(), outputBytes);
        }
    }

    /** Frames written to ffmpeg. */
    long frames() {
        return frames;
    }

    /** Of those, frames that repeated the previous one (nothing changed on the screen). */
    long repeats() {
        return repeats;
    }

    /** Frames skipped because ffmpeg fell behind, and those ffmpeg dropped itself. */
    long dropped() {
        return pacer.dropped() + ffmpeg.progress().droppedFrames();
    }

    /** Pixels converted to I420 so far (0 with BGRA frames). */
    long pixelsConverted() {
        return pixelsConverted;
    }
}
