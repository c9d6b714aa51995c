package dev.deskdup.cli;

import picocli.CommandLine;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * What a video sink ({@code stream}, {@code record}) does when the captured area changes size mid-stream (the
 * screen or the monitor was resized): raw video has one frame size for its whole length, so frames of another size
 * are fitted into the size the stream started with, or the stream stops.
 */
enum ResizePolicy {
    /** Stretch the new content over the whole original size (the aspect ratio may change). */
    SCALE,
    /** Scale the new content keeping its aspect ratio so that all of it fits, centred, with black bars (letterbox). */
    PAD,
    /** No scaling: the new content pixel for pixel from the top-left; what does not fit is cut, the rest black. */
    CROP,
    /** End the stream with a capture error (exit 3) naming both sizes. */
    STOP;

    /** The text the --help pages show for {@code --on-resize}. */
    static final String HELP = "What to do when the captured area changes size (the screen or the monitor is "
            + "resized): the frame size of raw video cannot change, so frames are fitted into the size the stream "
            + "started with. scale: stretch the new content over it; pad: scale keeping the aspect ratio, "
            + "centred, black bars; crop: pixel for pixel from the top-left, cut or filled with black; stop: end "
            + "with exit code 3 naming both sizes (default: ${DEFAULT-VALUE}).";

    /** The option value, as the user types it. */
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code scale}, {@code pad}, {@code crop}, {@code stop} (any case). */
    static final class Converter implements CommandLine.ITypeConverter<ResizePolicy> {
        @Override
        public ResizePolicy convert(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("on-resize=" + value
                        + " is not a resize policy (choose scale, pad, crop or stop)");
            }
        }
    }

    /** The values, as ${COMPLETION-CANDIDATES} shows them. */
    static final class Values implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("scale", "pad", "crop", "stop").iterator();
        }
    }
}
