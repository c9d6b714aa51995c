package dev.deskdup.internal.dxgi;

/**
 * The DXGI formats a desktop image may come in and how one pixel of each becomes the BGRA that frames carry.
 * {@code DuplicateOutput1} is asked for B8G8R8A8_UNORM only and legacy {@code DuplicateOutput} always gives it, but
 * the acquired texture's own description is what counts (Microsoft's sample checks for FP16, FFmpeg's ddagrab for
 * 10-bit), so the other 32-bit formats are converted while copying out; anything else fails clearly.
 */
final class DxgiPixelFormat {

    // DXGI_FORMAT (dxgiformat.h)
    static final int DXGI_FORMAT_R16G16B16A16_FLOAT = 10;
    static final int DXGI_FORMAT_R10G10B10A2_UNORM = 24;
    static final int DXGI_FORMAT_R8G8B8A8_UNORM = 28;
    static final int DXGI_FORMAT_R8G8B8A8_UNORM_SRGB = 29;
    static final int DXGI_FORMAT_B8G8R8A8_UNORM = 87;
    static final int DXGI_FORMAT_B8G8R8X8_UNORM = 88;
    static final int DXGI_FORMAT_B8G8R8A8_UNORM_SRGB = 91;
    static final int DXGI_FORMAT_B8G8R8X8_UNORM_SRGB = 93;

    private DxgiPixelFormat() {
    }

    /** Whether pixels of {@code format} can be delivered (as BGRA, converted if need be). */
    static boolean supported(int format) {
        return isBgra(format) || format == DXGI_FORMAT_R8G8B8A8_UNORM || format == DXGI_FORMAT_R8G8B8A8_UNORM_SRGB
                || format == DXGI_FORMAT_R10G10B10A2_UNORM;
    }

    /** Whether the bytes already are B, G, R, A (rows can be copied as they are). */
    static boolean isBgra(int format) {
        return format == DXGI_FORMAT_B8G8R8A8_UNORM || format == DXGI_FORMAT_B8G8R8X8_UNORM
                || format == DXGI_FORMAT_B8G8R8A8_UNORM_SRGB || format == DXGI_FORMAT_B8G8R8X8_UNORM_SRGB;
    }

    /** One pixel of {@code format} (read as a little-endian int) as BGRA (little-endian int {@code 0xAARRGGBB}). */
    static int toBgra(int format, int p) {
        return switch (format) {
            case DXGI_FORMAT_R8G8B8A8_UNORM, DXGI_FORMAT_R8G8B8A8_UNORM_SRGB -> swapRedBlue(p);
            case DXGI_FORMAT_R10G10B10A2_UNORM -> tenBitToBgra(p);
            default -> p;
        };
    }

    /** R8G8B8A8 to B8G8R8A8 (and back). */
    static int swapRedBlue(int p) {
        return (p & 0xFF00FF00) | ((p & 0xFF) << 16) | ((p >>> 16) & 0xFF);
    }

    /** R10G10B10A2: the top 8 of each 10 bits, the 2-bit alpha spread to 8. */
    static int tenBitToBgra(int p) {
        int r = (p >>> 2) & 0xFF;
        int g = (p >>> 12) & 0xFF;
        int b = (p >>> 22) & 0xFF;
        int a = (p >>> 30) * 0x55;
        return (a << 24) | (r << 16) | (g << 8) | b;
    }

    /** The format's name, for messages. */
    static String name(int format) {
        return switch (format) {
            case DXGI_FORMAT_R16G16B16A16_FLOAT -> "R16G16B16A16_FLOAT";
            case DXGI_FORMAT_R10G10B10A2_UNORM -> "R10G10B10A2_UNORM";
            case DXGI_FORMAT_R8G8B8A8_UNORM -> "R8G8B8A8_UNORM";
            case DXGI_FORMAT_R8G8B8A8_UNORM_SRGB -> "R8G8B8A8_UNORM_SRGB";
            case DXGI_FORMAT_B8G8R8A8_UNORM -> "B8G8R8A8_UNORM";
            case DXGI_FORMAT_B8G8R8X8_UNORM -> "B8G8R8X8_UNORM";
            case DXGI_FORMAT_B8G8R8A8_UNORM_SRGB -> "B8G8R8A8_UNORM_SRGB";
            case DXGI_FORMAT_B8G8R8X8_UNORM_SRGB -> "B8G8R8X8_UNORM_SRGB";
            default -> "DXGI_FORMAT " + format;
        };
    }
}
