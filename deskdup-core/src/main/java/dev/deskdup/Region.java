package dev.deskdup;

/**
 * A rectangle of the screen in pixels: {@code x, y} is the top-left corner, {@code width × height} its size.
 *
 * <pre>{@code
 * Region r = Region.of(0, 0, 640, 480);   // the top-left 640×480 of the screen
 * Region r = Region.parse("10,20,300,200"); // as the CLI's --region takes it
 * }</pre>
 *
 * @param x      left edge, in pixels from the screen's left
 * @param y      top edge, in pixels from the screen's top
 * @param width  width in pixels, at least 1
 * @param height height in pixels, at least 1
 */
public record Region(int x, int y, int width, int height) {

    public Region {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("region size must be positive: width=" + width + ", height=" + height
                    + " (give a region as x,y,width,height with width and height of at least 1)");
        }
    }

    public static Region of(int x, int y, int width, int height) {
        return new Region(x, y, width, height);
    }

    /**
     * Parses {@code "x,y,width,height"}, as the CLI's {@code --region} option takes it: exactly four whole numbers in
     * ASCII digits (an optional {@code -} sign, spaces around them allowed), separated by commas.
     */
    public static Region parse(String text) {
        String[] parts = text.split(",", -1);   // -1: a trailing comma is an empty fifth part, not nothing
        if (parts.length != 4) {
            throw new IllegalArgumentException("region=" + text + " is not x,y,width,height (e.g. 0,0,640,480)");
        }
        int[] v = new int[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i].trim();
            try {
                if (!isAsciiInteger(part)) {
                    throw new NumberFormatException(part);   // Integer.parseInt also takes other scripts' digits
                }
                v[i] = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("region=" + text + " has a part that is not a whole number: '"
                        + part + "' (expected x,y,width,height in digits 0-9, e.g. 0,0,640,480)");
            }
        }
        return new Region(v[0], v[1], v[2], v[3]);
    }

    private static boolean isAsciiInteger(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The right edge, exclusive. */
    public int right() {
        return x + width;
    }

    /** The bottom edge, exclusive. */
    public int bottom() {
        return y + height;
    }

    /** Whether this region lies wholly within a screen of the given size. */
    public boolean fitsIn(int screenWidth, int screenHeight) {
        return x >= 0 && y >= 0 && (long) x + width <= screenWidth && (long) y + height <= screenHeight;
    }

    /**
     * Throws a clear {@link IllegalArgumentException} unless this region lies wholly within the screen.
     */
    public void checkWithin(int screenWidth, int screenHeight) {
        if (!fitsIn(screenWidth, screenHeight)) {
            boolean disjoint = x >= screenWidth || y >= screenHeight || right() <= 0 || bottom() <= 0;
            throw new IllegalArgumentException("region=" + this + " lies " + (disjoint ? "wholly" : "partly")
                    + " off the screen: screen=" + screenWidth + "x" + screenHeight
                    + " (choose x,y >= 0 with x+width <= " + screenWidth + " and y+height <= " + screenHeight + ")");
        }
    }

    @Override
    public String toString() {
        return x + "," + y + "," + width + "," + height;
    }
}
