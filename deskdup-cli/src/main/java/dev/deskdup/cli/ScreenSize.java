package dev.deskdup.cli;

/** A screen size given as {@code WIDTHxHEIGHT}, e.g. {@code 1280x720}. */
record ScreenSize(int width, int height) {

    ScreenSize {
        if (width < 1 || height < 1 || width > 16384 || height > 16384) {
            throw new IllegalArgumentException("screen-size=" + width + "x" + height
                    + " is out of range (width and height from 1 to 16384, e.g. 1280x720)");
        }
    }

    static ScreenSize parse(String text) {
        String[] parts = text.toLowerCase(java.util.Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("screen-size=" + text + " is not WIDTHxHEIGHT (e.g. 1280x720)");
        }
        try {
            return new ScreenSize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("screen-size=" + text + " has a part that is not a whole number "
                    + "(expected WIDTHxHEIGHT, e.g. 1280x720)");
        }
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
