package dev.deskdup.internal.dxgi;

/**
 * One display output as DXGI enumerates it.
 *
 * @param index       position in the enumeration across all adapters (what {@code display="1"} selects)
 * @param adapterIndex index of the adapter ({@code EnumAdapters1})
 * @param outputIndex  index of the output on its adapter ({@code EnumOutputs})
 * @param adapter      the adapter's description, e.g. {@code "NVIDIA GeForce RTX 3060"}
 * @param adapterLuid  the adapter's locally unique id (same adapter across factories, unlike its index)
 * @param name         the GDI device name, e.g. {@code \\.\DISPLAY1} (what {@code display="DISPLAY1"} selects)
 * @param left         desktop coordinates of the output, in physical pixels
 * @param rotation     DXGI_MODE_ROTATION: 1 identity, 2 = 90°, 3 = 180°, 4 = 270° (0 unspecified)
 * @param attached     whether it is part of the desktop
 * @param primary      whether it is the primary output (its desktop origin is (0,0))
 */
record DxgiOutputInfo(int index, int adapterIndex, int outputIndex, String adapter, long adapterLuid, String name,
                      int left, int top, int right, int bottom, int rotation, boolean attached, boolean primary) {

    int width() {
        return right - left;
    }

    int height() {
        return bottom - top;
    }

    /** Whether {@code selector} names this output: its index, or its name with or without the {@code \\.\} prefix. */
    boolean matches(String selector) {
        String s = selector.trim();
        if (s.equals(Integer.toString(index))) {
            return true;
        }
        String bare = name.startsWith("\\\\.\\") ? name.substring(4) : name;
        return s.equalsIgnoreCase(name) || s.equalsIgnoreCase(bare);
    }

    @Override
    public String toString() {
        return index + ":" + name + "[" + left + "," + top + " " + width() + "x" + height() + ", rotation="
                + rotation + (primary ? ", primary" : "") + (attached ? "" : ", detached") + ", adapter=" + adapter
                + "]";
    }
}
