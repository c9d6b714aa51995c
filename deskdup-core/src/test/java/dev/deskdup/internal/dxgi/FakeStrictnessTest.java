package dev.deskdup.internal.dxgi;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.deskdup.internal.dxgi.DxgiLayouts.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fakes are as strict as the real API where the source could get it wrong: these pin that, so a test passing
 * on them means something. Driven through the library's own bindings.
 */
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FakeStrictnessTest {

    final FakeWorld world = new FakeWorld(64, 32);
    final Arena arena = Arena.ofShared();
    final FakeD3d.Device device = new FakeD3d.Device(world);
    final FakeD3d.Context context = new FakeD3d.Context(world, device);

    @AfterEach
    void close() {
        arena.close();
        world.close();
    }

    FakeD3d.Texture staging(int w, int h) {
        MemorySegment desc = arena.allocate(D3D11_TEXTURE2D_DESC);
        desc.set(JAVA_INT, TD_WIDTH, w);
        desc.set(JAVA_INT, TD_HEIGHT, h);
        desc.set(JAVA_INT, TD_MIP_LEVELS, 1);
        desc.set(JAVA_INT, TD_ARRAY_SIZE, 1);
        desc.set(JAVA_INT, TD_FORMAT, DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM);
        desc.set(JAVA_INT, TD_SAMPLE_COUNT, 1);
        desc.set(JAVA_INT, TD_USAGE, ID3D11Texture2D.D3D11_USAGE_STAGING);
        desc.set(JAVA_INT, TD_CPU_ACCESS_FLAGS, ID3D11Texture2D.D3D11_CPU_ACCESS_READ);
        MemorySegment out = arena.allocate(8);
        assertThat(ID3D11Device.createTexture2D(device.ptr, desc.address(), 0, out.address())).isZero();
        return (FakeD3d.Texture) world.object(out.get(JAVA_LONG, 0));
    }

    long map(FakeD3d.Texture t, MemorySegment mapped) {
        assertThat(ID3D11DeviceContext.map(context.ptr, t.ptr, 0, ID3D11DeviceContext.D3D11_MAP_READ, 0,
                mapped.address())).isZero();
        return mapped.get(JAVA_LONG, MS_DATA);
    }

    /** The permissions /proc/self/maps shows for the mapping containing {@code address}, e.g. "r--s". */
    static String permissions(long address) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            String[] range = line.substring(0, line.indexOf(' ')).split("-");
            if (Long.parseUnsignedLong(range[0], 16) <= address && address < Long.parseUnsignedLong(range[1], 16)) {
                return line.split(" ")[1];
            }
        }
        return "unmapped";
    }

    @Test
    void unmapMakesThePointerOfMapUnreadable() throws IOException {
        FakeD3d.Texture t = staging(64, 32);
        MemorySegment mapped = arena.allocate(D3D11_MAPPED_SUBRESOURCE);
        long data = map(t, mapped);
        assertThat(permissions(data)).startsWith("r--");
        ID3D11DeviceContext.unmap(context.ptr, t.ptr, 0);
        assertThat(permissions(data)).startsWith("---");
        assertThat(world.errors).isEmpty();
    }

    @Test
    void copiesLandOnlyWhenTheDestinationIsMapped() {
        FakeD3d.Texture t = staging(64, 32);
        world.frameHeld = true; // as between AcquireNextFrame and ReleaseFrame
        ID3D11DeviceContext.copyResource(context.ptr, t.ptr, world.desktop.ptr);
        assertThat(t.memory.get(JAVA_INT, 0)).as("not yet: copies run asynchronously").isZero();
        MemorySegment mapped = arena.allocate(D3D11_MAPPED_SUBRESOURCE);
        long data = map(t, mapped);
        assertThat(MemorySegment.ofAddress(data).reinterpret(4).get(JAVA_INT, 0)).isEqualTo(world.desktopPixel(0, 0));
        ID3D11DeviceContext.unmap(context.ptr, t.ptr, 0);
        assertThat(world.errors).isEmpty();
    }

    @Test
    void aCopyIntoAMappedTextureOrFromAReleasedFrameIsAnErrorAndDropped() {
        FakeD3d.Texture t = staging(64, 32);
        MemorySegment mapped = arena.allocate(D3D11_MAPPED_SUBRESOURCE);
        map(t, mapped);
        world.frameHeld = true;
        ID3D11DeviceContext.copyResource(context.ptr, t.ptr, world.desktop.ptr);
        ID3D11DeviceContext.unmap(context.ptr, t.ptr, 0);
        world.frameHeld = false;
        ID3D11DeviceContext.copyResource(context.ptr, t.ptr, world.desktop.ptr);
        assertThat(world.errors).hasSize(2);
        assertThat(world.errors.get(0)).contains("mapped=true");
        assertThat(world.errors.get(1)).contains("after ReleaseFrame");
    }

    @Test
    void aCopyBetweenTexturesOfDifferentSizesIsAnErrorAndDropped() {
        FakeD3d.Texture t = staging(32, 64); // a rotated desktop's ModeDesc size, not the texture's
        world.frameHeld = true;
        ID3D11DeviceContext.copyResource(context.ptr, t.ptr, world.desktop.ptr);
        assertThat(world.errors).singleElement().asString().contains("dropped");
    }

    @Test
    void duplicateOutput1NeedsAPerMonitorAwareThreadAndOneDuplicationPerOutput() {
        FakeDxgi.Factory factory = new FakeDxgi.Factory(world);
        FakeDxgi.Output output = factory.adapter.outputs.getFirst();
        MemorySegment formats = arena.allocate(4);
        formats.set(JAVA_INT, 0, DxgiPixelFormat.DXGI_FORMAT_B8G8R8A8_UNORM);
        MemorySegment out = arena.allocate(8);
        assertThat(IDXGIOutput5.duplicateOutput1(output.ptr, device.ptr, 0, 1, formats.address(), out.address()))
                .isEqualTo(HResult.DXGI_ERROR_UNSUPPORTED);
        FakeD3d.EntryPoints user32 = new FakeD3d.EntryPoints(world);
        long previous = user32.setThreadDpiAwarenessContext(DxgiEntryPoints.DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2);
        try {
            assertThat(IDXGIOutput5.duplicateOutput1(output.ptr, device.ptr, 0, 1, formats.address(),
                    out.address())).isZero();
            assertThat(IDXGIOutput1.duplicateOutput(output.ptr, device.ptr, out.address()))
                    .isEqualTo(HResult.E_INVALIDARG);
        } finally {
            user32.setThreadDpiAwarenessContext(previous);
        }
        world.reverseOutputs();
        assertThat(IDXGIFactory1.isCurrent(factory.ptr)).isFalse();
    }
}
