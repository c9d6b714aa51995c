package dev.deskdup.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a benchmark run does, as given on the command line.
 *
 * @param frames  measured frames per contender and size, over all rounds; 0 when {@code seconds} is given
 * @param seconds measured seconds per contender and size, over all rounds; 0 when {@code frames} is given
 * @param display the display to use, or null for a private Xvfb per size
 */
record BenchSettings(List<Size> sizes, long frames, double seconds, int rounds, int warmupFrames, String display) {

    BenchSettings {
        sizes = List.copyOf(sizes);
        if (sizes.isEmpty()) {
            throw new IllegalArgumentException("sizes is empty (give at least one, e.g. --sizes 1280x720)");
        }
        if (rounds < 1 || rounds > 1000) {
            throw new IllegalArgumentException("rounds=" + rounds + " is out of range (1 to 1000)");
        }
        if (warmupFrames < 0) {
            throw new IllegalArgumentException("warmup=" + warmupFrames + " must be >= 0");
        }
        if ((frames > 0) == (seconds > 0)) {
            throw new IllegalArgumentException("give either frames > 0 or seconds > 0 (got frames=" + frames
                    + ", seconds=" + seconds + ")");
        }
        if (frames < 0 || !(seconds >= 0) || Double.isInfinite(seconds)) {
            throw new IllegalArgumentException("frames=" + frames + " and seconds=" + seconds + " must be >= 0");
        }
    }

    boolean byFrames() {
        return frames > 0;
    }

    /** Frames of each batch: the total split over the rounds, rounded up. */
    long framesPerRound() {
        return (frames + rounds - 1) / rounds;
    }

    long nanosPerRound() {
        return Math.max(1, Math.round(seconds * 1e9 / rounds));
    }

    /** A screen size, {@code WIDTHxHEIGHT}. */
    record Size(int width, int height) {
        Size {
            if (width < 1 || height < 1 || width > 16384 || height > 16384) {
                throw new IllegalArgumentException("size=" + width + "x" + height
                        + " is out of range (width and height from 1 to 16384)");
            }
        }

        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    /** Parses {@code 1280x720,1920x1080}. */
    static List<Size> parseSizes(String text) {
        List<Size> sizes = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] wh = part.trim().toLowerCase(Locale.ROOT).split("x");
            try {
                if (wh.length != 2) {
                    throw new NumberFormatException();
                }
                sizes.add(new Size(Integer.parseInt(wh[0].trim()), Integer.parseInt(wh[1].trim())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("sizes=" + text + ": '" + part.trim()
                        + "' is not WIDTHxHEIGHT (e.g. --sizes 1280x720,1920x1080)");
            }
        }
        return sizes;
    }
}
