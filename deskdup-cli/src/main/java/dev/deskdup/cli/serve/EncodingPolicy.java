package dev.deskdup.cli.serve;

import java.util.Locale;

/** Which encodings {@code deskdup serve} may use for a rectangle ({@code --encoding}). */
public enum EncodingPolicy {
    /** Chosen per rectangle by its content: solid → fill, tiny → raw, UI/text → deflate, photographic → JPEG. */
    AUTO,
    /** Never lossy: fill, raw or deflate only. Exact pixels at the cost of bytes on photographic content. */
    LOSSLESS,
    /** JPEG for every rectangle that is not a single colour: fewest bytes for video-like screens. */
    JPEG;

    static EncodingPolicy parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("encoding=" + text + " is not an encoding policy (choose auto, "
                    + "lossless or jpeg)");
        }
    }
}
