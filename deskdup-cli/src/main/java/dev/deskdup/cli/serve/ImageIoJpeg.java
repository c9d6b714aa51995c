package dev.deskdup.cli.serve;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The JDK's JPEG writer, used only when libturbojpeg is missing: several times slower, and it allocates per call
 * (an image and a stream), which is why it is the fallback and not the default.
 */
final class ImageIoJpeg implements JpegEncoder {

    private final ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);

    @Override
    public long maxSize(int width, int height) {
        // A baseline JPEG of 4:2:0 BGR is far below the raw size; this bound is generous on purpose.
        return (long) width * height * 4 + 2048;
    }

    @Override
    public int encode(MemorySegment src, long srcOffset, int width, int height, int pitch, int quality,
                      MemorySegment dst) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] rgb = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int row = 0; row < height; row++) {
            MemorySegment.copy(src, ValueLayout.JAVA_INT_UNALIGNED, srcOffset + (long) row * pitch, rgb,
                    row * width, width);
        }
        bytes.reset();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(Math.clamp(quality / 100f, 0f, 1f));
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("ImageIO JPEG encoding failed", e);
        }
        byte[] jpeg = bytes.toByteArray();
        MemorySegment.copy(jpeg, 0, dst, ValueLayout.JAVA_BYTE, 0, jpeg.length);
        return jpeg.length;
    }

    @Override
    public String name() {
        return "ImageIO";
    }

    @Override
    public void close() {
        writer.dispose();
    }
}
