package dev.deskdup.internal.dxgi;

import dev.deskdup.CaptureException;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

import static dev.deskdup.internal.dxgi.DxgiLayouts.AD_DESCRIPTION;
import static dev.deskdup.internal.dxgi.DxgiLayouts.AD_FLAGS;
import static dev.deskdup.internal.dxgi.DxgiLayouts.AD_LUID;
import static dev.deskdup.internal.dxgi.DxgiLayouts.ADAPTER_DESCRIPTION_CHARS;
import static dev.deskdup.internal.dxgi.DxgiLayouts.OD_ATTACHED;
import static dev.deskdup.internal.dxgi.DxgiLayouts.OD_DESKTOP_COORDINATES;
import static dev.deskdup.internal.dxgi.DxgiLayouts.OD_DEVICE_NAME;
import static dev.deskdup.internal.dxgi.DxgiLayouts.OD_ROTATION;
import static dev.deskdup.internal.dxgi.DxgiLayouts.OUTPUT_DEVICE_NAME_CHARS;
import static dev.deskdup.internal.dxgi.DxgiLayouts.RECT_BOTTOM;
import static dev.deskdup.internal.dxgi.DxgiLayouts.RECT_LEFT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.RECT_RIGHT;
import static dev.deskdup.internal.dxgi.DxgiLayouts.RECT_TOP;
import static java.lang.foreign.ValueLayout.JAVA_CHAR;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/** Enumerating adapters and outputs, and choosing one by {@code CaptureOptions.display()}. Not on the frame path. */
final class DxgiOutputs {

    private DxgiOutputs() {
    }

    /** Every output of every hardware adapter, in enumeration order; releases everything it obtained. */
    static List<DxgiOutputInfo> enumerate(long factory, DxgiScratch s) {
        List<DxgiOutputInfo> outputs = new ArrayList<>();
        for (int a = 0; ; a++) {
            int hr = IDXGIFactory1.enumAdapters1(factory, a, s.out);
            if (hr == HResult.DXGI_ERROR_NOT_FOUND) {
                break;
            }
            HResult.check(hr, "IDXGIFactory1::EnumAdapters1(adapter=" + a + ")");
            long adapter = Com.readPointer(s.out);
            try {
                HResult.check(IDXGIAdapter1.getDesc1(adapter, s.adapterDescAddress),
                        "IDXGIAdapter1::GetDesc1(adapter=" + a + ")");
                String adapterName = wideString(s.adapterDesc, AD_DESCRIPTION, ADAPTER_DESCRIPTION_CHARS);
                long luid = ((long) s.adapterDesc.get(JAVA_INT, AD_LUID + 4) << 32)
                        | (s.adapterDesc.get(JAVA_INT, AD_LUID) & 0xFFFF_FFFFL);
                if ((s.adapterDesc.get(JAVA_INT, AD_FLAGS) & IDXGIAdapter1.DXGI_ADAPTER_FLAG_SOFTWARE) != 0) {
                    continue; // Basic Render Driver: no outputs to duplicate
                }
                for (int o = 0; ; o++) {
                    int hro = IDXGIAdapter1.enumOutputs(adapter, o, s.out);
                    if (hro == HResult.DXGI_ERROR_NOT_FOUND) {
                        break;
                    }
                    HResult.check(hro, "IDXGIAdapter::EnumOutputs(adapter=" + a + ", output=" + o + ")");
                    long output = Com.readPointer(s.out);
                    try {
                        HResult.check(IDXGIOutput1.getDesc(output, s.outputDescAddress),
                                "IDXGIOutput::GetDesc(adapter=" + a + ", output=" + o + ")");
                        outputs.add(describe(outputs.size(), a, o, adapterName, luid, s.outputDesc));
                    } finally {
                        IUnknown.release(output);
                    }
                }
            } finally {
                IUnknown.release(adapter);
            }
        }
        return outputs;
    }

    private static DxgiOutputInfo describe(int index, int a, int o, String adapter, long luid, MemorySegment d) {
        int left = d.get(JAVA_INT, OD_DESKTOP_COORDINATES + RECT_LEFT);
        int top = d.get(JAVA_INT, OD_DESKTOP_COORDINATES + RECT_TOP);
        int right = d.get(JAVA_INT, OD_DESKTOP_COORDINATES + RECT_RIGHT);
        int bottom = d.get(JAVA_INT, OD_DESKTOP_COORDINATES + RECT_BOTTOM);
        boolean attached = d.get(JAVA_INT, OD_ATTACHED) != 0;
        return new DxgiOutputInfo(index, a, o, adapter, luid,
                wideString(d, OD_DEVICE_NAME, OUTPUT_DEVICE_NAME_CHARS), left, top, right, bottom,
                d.get(JAVA_INT, OD_ROTATION), attached, attached && left == 0 && top == 0);
    }

    /** A NUL-terminated UTF-16 string of at most {@code maxChars} at {@code offset}. */
    static String wideString(MemorySegment s, long offset, int maxChars) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < maxChars; i++) {
            char c = s.get(JAVA_CHAR, offset + 2L * i);
            if (c == 0) {
                break;
            }
            b.append(c);
        }
        return b.toString();
    }

    /** The attached output named {@code name} (its GDI name), or null. */
    static DxgiOutputInfo byName(List<DxgiOutputInfo> outputs, String name) {
        for (DxgiOutputInfo o : outputs) {
            if (o.name().equals(name) && o.attached()) {
                return o;
            }
        }
        return null;
    }

    /**
     * The output {@code selector} names (index or GDI name); null or blank means the primary output (else the
     * first attached one). {@code option} is how the caller named the selector ({@code display} or
     * {@code monitor}), for messages.
     *
     * @throws IllegalArgumentException when it names no output
     * @throws CaptureException         when there is none, or the one named is not attached to the desktop
     */
    static DxgiOutputInfo select(List<DxgiOutputInfo> outputs, String option, String display) {
        if (outputs.isEmpty()) {
            throw new CaptureException("no display output found: outputs=0 (is a monitor connected and a hardware "
                    + "GPU driver installed? remote sessions without a display cannot be duplicated)");
        }
        if (display == null || display.isBlank()) {
            for (DxgiOutputInfo o : outputs) {
                if (o.primary()) {
                    return o;
                }
            }
            for (DxgiOutputInfo o : outputs) {
                if (o.attached()) {
                    return o;
                }
            }
            throw new CaptureException("no output is attached to the desktop: outputs=" + outputs
                    + " (attach a display in Windows display settings)");
        }
        for (DxgiOutputInfo o : outputs) {
            if (o.matches(display)) {
                if (!o.attached()) {
                    throw new CaptureException(option + "=" + display + " is not attached to the desktop: output=" + o
                            + " (attach it in Windows display settings or choose another of " + outputs + ")");
                }
                return o;
            }
        }
        throw new IllegalArgumentException(option + "=" + display + " matches no output (for source=dxgi give an "
                + "index or a GDI name such as DISPLAY1; outputs=" + outputs + ")");
    }
}
