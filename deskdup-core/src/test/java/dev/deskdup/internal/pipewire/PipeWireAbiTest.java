package dev.deskdup.internal.pipewire;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.StructLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Checks {@link SpaLayouts} and {@link SpaIds} against the installed PipeWire and SPA headers: generates a C file
 * of {@code _Static_assert}s (sizes, field offsets and sizes, every enum value) and compiles it with gcc. Needs
 * libpipewire-0.3-dev and libspa-0.2-dev (installed by .ci/run); fails, never skips, without them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PipeWireAbiTest {

    static final String INSTALL = "apt-get install -y gcc libpipewire-0.3-dev libspa-0.2-dev";
    static final String PROLOGUE = """
            #include <stddef.h>
            #include <pipewire/pipewire.h>
            #include <spa/param/video/format-utils.h>
            #include <spa/param/param.h>
            #include <spa/buffer/meta.h>
            #include <spa/pod/pod.h>
            #include <spa/utils/type.h>
            #include <spa/utils/defs.h>
            #define DRM_FORMAT_MOD_INVALID 0x00ffffffffffffffULL
            #define DRM_FORMAT_MOD_LINEAR 0ULL
            """;

    private static String cflags;

    @BeforeAll
    static void headersPresent() throws Exception {
        Result r = exec("pkg-config", "--cflags", "libpipewire-0.3");
        if (r.exitCode != 0) {
            fail("the PipeWire ABI check needs the PipeWire headers: pkg-config --cflags libpipewire-0.3 failed ("
                    + INSTALL + "): " + r.output);
        }
        cflags = r.output.trim();
    }

    @Test
    void structureLayoutsMatchTheInstalledHeaders() throws Exception {
        StringBuilder c = new StringBuilder(PROLOGUE);
        for (StructLayout s : SpaLayouts.ALL) {
            String type = s.name().orElseThrow();
            assertion(c, "sizeof(" + type + ") == " + s.byteSize(), type + " size");
            fields(c, type, s, "", 0);
        }
        assertion(c, "sizeof(struct spa_hook) == " + SpaLayouts.SPA_HOOK_SIZE, "spa_hook size");
        assertion(c, "PW_VERSION_STREAM_EVENTS == " + SpaLayouts.PW_VERSION_STREAM_EVENTS, "events version");
        assertCompiles(c.toString());
    }

    @Test
    void enumValuesMatchTheInstalledHeaders() throws Exception {
        StringBuilder c = new StringBuilder(PROLOGUE);
        int n = 0;
        for (Field f : SpaIds.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && (f.getType() == int.class || f.getType() == long.class)) {
                f.setAccessible(true);
                String value = f.getType() == int.class ? Integer.toUnsignedString(f.getInt(null)) + "u"
                        : Long.toUnsignedString(f.getLong(null)) + "ull";
                assertion(c, "(unsigned long long)(" + f.getName() + ") == (unsigned long long)(" + value
                        + (f.getName().equals("PW_ID_ANY") ? "" : "") + ")", f.getName());
                n++;
            }
        }
        assertThat(n).isGreaterThan(60);
        assertCompiles(c.toString().replace("(unsigned long long)(PW_STREAM_STATE_ERROR) == (unsigned long long)("
                + "4294967295u)", "PW_STREAM_STATE_ERROR == -1"));
    }

    @Test
    void theCheckFailsWhenALayoutDrifts() throws Exception {
        String c = PROLOGUE + "_Static_assert(offsetof(struct spa_data, chunk) == 24, \"drift\");\n";
        assertThat(compile(c).exitCode).isNotZero();
    }

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
            }
        }
    }

    private static void assertion(StringBuilder c, String expr, String what) {
        c.append("_Static_assert(").append(expr).append(", \"").append(what).append("\");\n");
    }

    record Result(int exitCode, String output) {
    }

    static Result exec(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(100, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 100 s");
        }
        return new Result(p.exitValue(), out);
    }

    static Result compile(String source) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("deskdup-pw-abi");
        Path file = dir.resolve("pipewire_abi.c");
        Files.writeString(file, source);
        try {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("gcc", "-std=gnu11",
                    "-fsyntax-only"));
            cmd.addAll(java.util.List.of(cflags.split("\\s+")));
            cmd.add(file.toString());
            return exec(cmd.toArray(String[]::new));
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    private static void assertCompiles(String source) throws IOException, InterruptedException {
        Result r = compile(source);
        assertThat(r.exitCode).as("ABI drift between the Java layouts/ids and the PipeWire headers:\n" + r.output)
                .isZero();
    }
}
