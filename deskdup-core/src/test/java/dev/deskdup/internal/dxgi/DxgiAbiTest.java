package dev.deskdup.internal.dxgi;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks our layouts, vtable slots and IIDs against the Windows SDK headers of mingw-w64: generates a C file of
 * {@code _Static_assert}s from the Java side and compiles it with {@code x86_64-w64-mingw32-gcc -fsyntax-only}.
 * Needs the Debian packages gcc-mingw-w64-x86-64 and mingw-w64-x86-64-dev; fails (never skips) without them.
 */
class DxgiAbiTest {

    static final String COMPILER = "x86_64-w64-mingw32-gcc";
    static final String INSTALL = "apt-get install -y gcc-mingw-w64-x86-64 mingw-w64-x86-64-dev";
    static final String PROLOGUE = """
            #define _WIN32_WINNT 0x0A00
            #define WINVER 0x0A00
            #define COBJMACROS
            #define CINTERFACE
            #include <stddef.h>
            #include <windows.h>
            #include <dxgi1_2.h>
            #include <dxgi1_5.h>
            #include <d3d11.h>
            """;
    /** How the SDK names the constants we declare: a Java constant with such a name must equal the SDK's. */
    static final Pattern SDK_CONSTANT = Pattern.compile("(DXGI|D3D11|D3D|DPI|E|S)_[A-Z0-9_]+");

    @BeforeAll
    static void compilerPresent() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(COMPILER, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                fail(COMPILER + " --version failed; reinstall it: " + INSTALL);
            }
        } catch (IOException e) {
            fail("the ABI check needs the mingw-w64 cross compiler: compiler=" + COMPILER + " not found ("
                    + INSTALL + ")");
        }
    }

    @Test
    void structureLayoutsMatchTheWindowsSdk() throws Exception {
        StringBuilder c = new StringBuilder(PROLOGUE);
        for (StructLayout s : DxgiLayouts.ALL) {
            String type = s.name().orElseThrow();
            assertion(c, "sizeof(" + type + ") == " + s.byteSize(), type + " size");
            fields(c, type, s, "", 0);
        }
        assertCompiles(c.toString());
    }

    @Test
    void vtableSlotsMatchTheWindowsSdk() throws Exception {
        List<Com.VtableSlot> slots = allSlots();
        assertThat(slots).hasSizeGreaterThanOrEqualTo(20);
        StringBuilder c = new StringBuilder(PROLOGUE);
        for (Com.VtableSlot slot : slots) {
            assertion(c, "offsetof(" + slot.iface + "Vtbl, " + slot.method + ") / sizeof(void *) == " + slot.index,
                    slot.toString());
        }
        assertCompiles(c.toString());
    }

    /**
     * Each method and entry point is called with the C signature its descriptor says: same number of arguments,
     * each a pointer where we pass a pointer and an integer where we pass an int ({@code -Werror=int-conversion}),
     * and a 4-byte result (HRESULT/ULONG/BOOL) or void.
     */
    @Test
    void callSignaturesMatchTheWindowsSdk() throws Exception {
        StringBuilder c = new StringBuilder(PROLOGUE);
        int n = 0;
        for (Com.VtableSlot slot : allSlots()) {
            c.append("static void check").append(n++).append("(").append(slot.iface).append("Vtbl *v) {\n  ");
            signature(c, "v->" + slot.method, slot.descriptor, slot.toString());
            c.append("}\n");
        }
        signature(c, "CreateDXGIFactory1", SystemDxgiEntryPoints.FD_CREATE_DXGI_FACTORY1, "CreateDXGIFactory1");
        signature(c, "D3D11CreateDevice", SystemDxgiEntryPoints.FD_D3D11_CREATE_DEVICE, "D3D11CreateDevice");
        signature(c, "SetThreadDpiAwarenessContext", SystemDxgiEntryPoints.FD_SET_THREAD_DPI_AWARENESS_CONTEXT,
                "SetThreadDpiAwarenessContext");
        assertCompiles(c.toString());
    }

    private static void signature(StringBuilder c, String callee, java.lang.foreign.FunctionDescriptor fd,
                                  String what) {
        StringBuilder call = new StringBuilder(callee).append("(");
        for (int i = 0; i < fd.argumentLayouts().size(); i++) {
            MemoryLayout a = fd.argumentLayouts().get(i);
            call.append(i == 0 ? "" : ", ").append(a.byteSize() == 8 ? "(void *)0" : "1u");
        }
        call.append(")");
        if (fd.returnLayout().isEmpty()) {
            assertion(c, "__builtin_types_compatible_p(__typeof__(" + call + "), void)", what + " returns void");
        } else {
            assertion(c, "sizeof(" + call + ") == " + fd.returnLayout().get().byteSize(), what + " result size");
        }
    }

    @Test
    void interfaceIdsMatchTheWindowsSdk() throws Exception {
        String headers = headerText();
        int checked = 0;
        for (Class<?> k : bindingClasses()) {
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals("IID") && f.getType() == MemorySegment.class) {
                    f.setAccessible(true);
                    String ours = guidText((MemorySegment) f.get(null));
                    Matcher m = Pattern.compile("__CRT_UUID_DECL\\(" + k.getSimpleName()
                            + ",\\s*0x(\\w+)" + ",\\s*0x(\\w+)".repeat(10) + "\\)").matcher(headers);
                    assertThat(m.find()).as("header declares IID of " + k.getSimpleName()).isTrue();
                    String sdk = String.format("%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
                            hex(m.group(1)), hex(m.group(2)), hex(m.group(3)), hex(m.group(4)), hex(m.group(5)),
                            hex(m.group(6)), hex(m.group(7)), hex(m.group(8)), hex(m.group(9)), hex(m.group(10)),
                            hex(m.group(11)));
                    assertThat(ours).as("IID of " + k.getSimpleName()).isEqualTo(sdk);
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(5);
    }

    /**
     * Every constant the source passes to or compares with the API (formats, usage, CPU access, map type, flags,
     * SDK version, driver type, DPI context, rotations, pointer shape types, every HRESULT) equals the SDK's
     * value of the same name. Found by reflection, so a constant added later is checked too.
     */
    @Test
    void constantsMatchTheWindowsSdk() throws Exception {
        List<Field> constants = sdkConstants();
        List<String> names = constants.stream().map(Field::getName).toList();
        assertThat(names).contains("DXGI_FORMAT_B8G8R8A8_UNORM", "D3D11_USAGE_STAGING", "D3D11_CPU_ACCESS_READ",
                "D3D11_MAP_READ", "D3D11_CREATE_DEVICE_BGRA_SUPPORT", "D3D11_SDK_VERSION", "D3D_DRIVER_TYPE_UNKNOWN",
                "DPI_AWARENESS_CONTEXT_PER_MONITOR_AWARE_V2", "DXGI_ADAPTER_FLAG_SOFTWARE",
                "DXGI_MODE_ROTATION_ROTATE90", "DXGI_OUTDUPL_POINTER_SHAPE_TYPE_MONOCHROME",
                "DXGI_ERROR_ACCESS_LOST", "DXGI_ERROR_WAIT_TIMEOUT", "DXGI_ERROR_DRIVER_INTERNAL_ERROR",
                "E_ACCESSDENIED");
        assertThat(names.stream().filter(n -> n.startsWith("DXGI_ERROR_"))).hasSizeGreaterThanOrEqualTo(14);
        StringBuilder c = new StringBuilder(PROLOGUE);
        for (Field f : constants) {
            long value = ((Number) f.get(null)).longValue();
            assertion(c, "(long long)(" + f.getName() + ") == " + value + "LL",
                    f.getDeclaringClass().getSimpleName() + "." + f.getName() + " = " + value);
        }
        assertCompiles(c.toString());
    }

    @Test
    void abiCheckFailsWhenAConstantDrifts() throws Exception {
        String c = PROLOGUE + "_Static_assert((long long)(DXGI_ERROR_ACCESS_LOST) == " + (long) 0x887A0027
                + "LL, \"drift\");\n";
        assertThat(compile(c).exitCode).isNotZero();
    }

    /** The static final int/long fields of the binding classes named as the SDK names its constants. */
    static List<Field> sdkConstants() throws Exception {
        List<Field> out = new ArrayList<>();
        for (Class<?> k : bindingClasses()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && Modifier.isFinal(f.getModifiers())
                        && (f.getType() == int.class || f.getType() == long.class)
                        && SDK_CONSTANT.matcher(f.getName()).matches()) {
                    f.setAccessible(true);
                    out.add(f);
                }
            }
        }
        return out;
    }

    @Test
    void abiCheckFailsWhenASignatureDrifts() throws Exception {
        StringBuilder c = new StringBuilder(PROLOGUE);
        c.append("static void f(IDXGIOutputDuplicationVtbl *v) {\n");
        signature(c, "v->AcquireNextFrame", Com.FD_I_PPPP, "pointer where the SDK has UINT");
        c.append("}\n");
        assertThat(compile(c.toString()).exitCode).isNotZero();
        c = new StringBuilder(PROLOGUE).append("static void f(IDXGIOutputDuplicationVtbl *v) {\n");
        signature(c, "v->AcquireNextFrame", Com.FD_I_PIP, "one argument short");
        c.append("}\n");
        assertThat(compile(c.toString()).exitCode).isNotZero();
    }

    @Test
    void abiCheckFailsWhenASlotDrifts() throws Exception {
        String c = PROLOGUE;
        c += "_Static_assert(offsetof(IDXGIOutputDuplicationVtbl, ReleaseFrame) / sizeof(void *) == 13, \"drift\");\n";
        assertThat(compile(c).exitCode).isNotZero();
    }

    // ---- generation ------------------------------------------------------------------------------------------

    private static void fields(StringBuilder c, String type, GroupLayout g, String prefix, long base) {
        for (MemoryLayout m : g.memberLayouts()) {
            if (m instanceof PaddingLayout) {
                continue;
            }
            String name = m.name().orElseThrow(() -> new AssertionError(type + " has an unnamed member " + m));
            String path = prefix + name;
            long offset = base + g.byteOffset(MemoryLayout.PathElement.groupElement(name));
            assertion(c, "offsetof(" + type + ", " + path + ") == " + offset, type + "." + path);
            assertion(c, "sizeof(((" + type + " *)0)->" + path + ") == " + m.byteSize(), type + "." + path + " size");
            if (m instanceof GroupLayout inner) {
                fields(c, type, inner, path + ".", offset);
            } else if (m instanceof SequenceLayout seq) {
                assertion(c, "sizeof(((" + type + " *)0)->" + path + "[0]) == " + seq.elementLayout().byteSize(),
                        type + "." + path + " element size");
            }
        }
    }

    private static void assertion(StringBuilder c, String expr, String what) {
        c.append("_Static_assert(").append(expr).append(", \"").append(what).append("\");\n");
    }

    static List<Class<?>> bindingClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Com.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/deskdup/internal/dxgi");
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".class") && !n.contains("$")) {
                    out.add(Class.forName("dev.deskdup.internal.dxgi." + n.substring(0, n.length() - 6)));
                }
            }
        }
        return out;
    }

    /** Every VtableSlot constant of the package: each one the source calls through is checked. */
    static List<Com.VtableSlot> allSlots() throws Exception {
        List<Com.VtableSlot> slots = new ArrayList<>();
        for (Class<?> k : bindingClasses()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == Com.VtableSlot.class) {
                    f.setAccessible(true);
                    slots.add((Com.VtableSlot) f.get(null));
                }
            }
        }
        return slots;
    }

    private static int hex(String s) {
        return Integer.parseUnsignedInt(s, 16);
    }

    private static String guidText(MemorySegment g) {
        StringBuilder b = new StringBuilder(String.format("%08x-%04x-%04x-",
                g.get(JAVA_INT, 0), g.get(JAVA_SHORT, 4) & 0xFFFF, g.get(JAVA_SHORT, 6) & 0xFFFF));
        for (int i = 0; i < 8; i++) {
            if (i == 2) {
                b.append('-');
            }
            b.append(String.format("%02x", g.get(JAVA_BYTE, 8 + i) & 0xFF));
        }
        return b.toString();
    }

    // ---- the compiler ----------------------------------------------------------------------------------------

    record Result(int exitCode, String output) {
    }

    static Result compile(String source) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("deskdup-abi");
        Path file = dir.resolve("dxgi_abi.c");
        Files.writeString(file, source);
        Process p = new ProcessBuilder(COMPILER, "-std=gnu11", "-fsyntax-only", "-Werror=int-conversion",
                "-Werror=incompatible-pointer-types", "-c", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("compiler=" + COMPILER + " did not finish in 120 s");
        }
        Files.delete(file);
        Files.delete(dir);
        return new Result(p.exitValue(), out);
    }

    private static void assertCompiles(String source) throws IOException, InterruptedException {
        Result r = compile(source);
        assertThat(r.exitCode).as("ABI drift between the Java layouts/slots and the Windows SDK headers:\n"
                + r.output).isZero();
    }

    /** The text of the SDK headers we bind (found through the compiler's own include path). */
    private static String headerText() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("deskdup-abi");
        Path file = dir.resolve("headers.c");
        Files.writeString(file, PROLOGUE);
        Process p = new ProcessBuilder(COMPILER, "-H", "-fsyntax-only", file.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Files.delete(file);
        Files.delete(dir);
        StringBuilder text = new StringBuilder();
        for (String line : out.split("\n")) {
            String path = line.replaceFirst("^\\.+ ", "").trim();
            if (path.endsWith("/dxgi.h") || path.endsWith("/dxgi1_2.h") || path.endsWith("/dxgi1_5.h")
                    || path.endsWith("/d3d11.h")) {
                text.append(Files.readString(Path.of(path)));
            }
        }
        assertThat(text).as("headers dxgi.h, dxgi1_2.h, d3d11.h found via " + COMPILER + " -H").isNotEmpty();
        return text.toString();
    }
}
