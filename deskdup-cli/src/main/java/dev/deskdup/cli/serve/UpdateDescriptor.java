package dev.deskdup.cli.serve;

/**
 * The wire format of {@code deskdup serve}'s WebSocket, binary messages, little-endian. The page's
 * {@code viewer.js} reads the same offsets.
 *
 * <pre>
 * Server → viewer: one update (the current pixels of every rectangle the viewer has not seen yet)
 *  0      1      2             4                            8             10            12
 *  +------+------+-------------+----------------------------+-------------+-------------+----------------------+
 *  | type | ver  | rect count  | update number (u32)        | screen w    | screen h    | flags (u32)          |
 *  +------+------+-------------+----------------------------+-------------+-------------+----------------------+
 * 16  capture time, server wall clock, ms since the epoch (f64)
 * 24  send time, server wall clock, ms since the epoch (f64)
 * 32  this viewer's last lag as the server measured it, ms (f32): capture → its ack arrived
 * 36  frame sequence of the capture (u32, low bits)
 * 40  rectangles, each:
 *     +---------+---------+---------+---------+----------+---------+-------------------+---------------+
 *     | x (u16) | y (u16) | w (u16) | h (u16) | encoding | 3 × pad | payload length u32| payload ...   |
 *     +---------+---------+---------+---------+----------+---------+-------------------+---------------+
 *
 * Viewer → server
 *  ack:        type=1 (u8), 3 × pad, update number (u32), decode+draw ms (f32)       : 12 bytes
 *  keep-alive: type=2 (u8), 3 × pad                                                  :  4 bytes
 * </pre>
 *
 * A viewer has at most one update in flight: the next is sent only after its ack (see {@link Viewer}).
 */
final class UpdateDescriptor {

    static final byte TYPE_UPDATE = 1;
    static final byte VERSION = 1;

    static final int TYPE_OFFSET = 0;
    static final int VERSION_OFFSET = 1;
    static final int RECT_COUNT_OFFSET = 2;
    static final int UPDATE_NUMBER_OFFSET = 4;
    static final int SCREEN_WIDTH_OFFSET = 8;
    static final int SCREEN_HEIGHT_OFFSET = 10;
    static final int FLAGS_OFFSET = 12;
    static final int CAPTURE_TIME_OFFSET = 16;
    static final int SEND_TIME_OFFSET = 24;
    static final int LAG_OFFSET = 32;
    static final int FRAME_SEQUENCE_OFFSET = 36;
    static final int HEADER_LENGTH = 40;

    /** Flag: this update covers the whole screen (first update, or after a resize). */
    static final int FLAG_FULL = 1;

    static final int RECT_X_OFFSET = 0;
    static final int RECT_Y_OFFSET = 2;
    static final int RECT_WIDTH_OFFSET = 4;
    static final int RECT_HEIGHT_OFFSET = 6;
    static final int RECT_ENCODING_OFFSET = 8;
    static final int RECT_LENGTH_OFFSET = 12;
    static final int RECT_HEADER_LENGTH = 16;

    /** Payload: 4 bytes B, G, R, A, the colour of every pixel. */
    static final byte ENCODING_FILL = 0;
    /** Payload: w*h*4 bytes BGRA, rows packed. For tiny rectangles, where compressing costs more than it saves. */
    static final byte ENCODING_RAW = 1;
    /** Payload: zlib (RFC 1950) of w*h*4 bytes BGRA, rows packed. Lossless: UI, text, few colours. */
    static final byte ENCODING_DEFLATE = 2;
    /** Payload: a baseline JPEG of the rectangle. Lossy: photographs, video, gradients. */
    static final byte ENCODING_JPEG = 3;

    static final byte MSG_ACK = 1;
    static final byte MSG_KEEPALIVE = 2;
    static final int ACK_LENGTH = 12;
    static final int ACK_UPDATE_NUMBER_OFFSET = 4;
    static final int ACK_DECODE_MS_OFFSET = 8;

    /** Largest screen side the 16-bit fields carry. */
    static final int MAX_SIDE = 65535;

    private UpdateDescriptor() {
    }

    /** Name of an encoding, for the status page and the README's table. */
    static String encodingName(int encoding) {
        return switch (encoding) {
            case ENCODING_FILL -> "fill";
            case ENCODING_RAW -> "raw";
            case ENCODING_DEFLATE -> "deflate";
            case ENCODING_JPEG -> "jpeg";
            default -> "unknown(" + encoding + ")";
        };
    }
}
