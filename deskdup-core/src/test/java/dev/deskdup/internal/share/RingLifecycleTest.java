package dev.deskdup.internal.share;

import dev.deskdup.CaptureException;
import dev.deskdup.RingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The ring file's life: where, who may open it, one live producer per name, stale files, versions, capacity. */
@Timeout(60)
class RingLifecycleTest {

    static String name(String what) {
        return what + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 100_000;
    }

    @Test
    void theRingIsAMode0600FileInDevShmRemovedWhenTheProducerEndsNormally() throws Exception {
        String name = name("life");
        Path path = Path.of("/dev/shm/deskdup-" + name);
        try (TestRingWriter writer = new TestRingWriter(name, 3, 1, 16, 8, 1_000_000)) {
            assertThat(Files.getPosixFilePermissions(path)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(writer.producer.path()).isEqualTo(path);
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void aNameInUseByALiveProducerIsRefusedNamingItsPid() throws Exception {
        String name = name("busy");
        try (ChildJvm producer = ChildJvm.start(WriterMain.class, name, "3", "1", "16", "8", "1000")) {
            producer.awaitLine("ready", 20, TimeUnit.SECONDS);
            assertThatThrownBy(() -> new TestRingWriter(name, 3, 1, 16, 8, 0))
                    .isInstanceOf(RingOwnership.RingInUseException.class)
                    .hasMessageContaining("ring name=" + name + " is in use by a live producer: pid=" + producer.pid())
                    .hasMessageContaining("choose another name");
        }
    }

    @Test
    void aStaleFileOfAKilledProducerIsReplacedAndReadersFindTheNewProducer() throws Exception {
        String name = name("stale");
        Path path = Path.of("/dev/shm/deskdup-" + name);
        long deadPid;
        try (ChildJvm producer = ChildJvm.start(WriterMain.class, name, "3", "1", "16", "8", "1000")) {
            producer.awaitLine("ready", 20, TimeUnit.SECONDS);
            deadPid = producer.pid();
            producer.kill();
        }
        assertThat(path).as("kill -9 leaves the file behind").exists();
        try (TestRingWriter writer = new TestRingWriter(name, 3, 1, 16, 8, 1_000_000);
             RingReader reader = RingReader.open(name)) {
            assertThat(writer.producer.replaced()).contains("pid=" + deadPid).contains("the process is gone");
            assertThat(RingReader.status(name).producerPid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(reader.acquire(5, TimeUnit.SECONDS)).isNotNull().satisfies(f -> {
                assertThat(Checksums.intact(f)).isTrue();
                f.release();
            });
        }
        assertThat(path).doesNotExist();
    }

    @Test
    void aReaderRefusesAnIncompatibleMajorVersionNamingBoth() throws Exception {
        String name = name("version");
        try (TestRingWriter writer = new TestRingWriter(name, 3, 1, 16, 8, 1_000_000);
             FileChannel ch = FileChannel.open(writer.producer.path(), StandardOpenOption.READ,
                     StandardOpenOption.WRITE);
             Arena arena = Arena.ofConfined()) {
            MemorySegment header = ch.map(FileChannel.MapMode.READ_WRITE, 0, RingDescriptor.HEADER_LENGTH, arena);
            header.set(RingDescriptor.INT, RingDescriptor.VERSION_OFFSET, 2 << 16 | 3);
            assertThatThrownBy(() -> RingReader.open(name))
                    .isInstanceOf(RingFormatException.class)
                    .hasMessageContaining("layout version=2.3")
                    .hasMessageContaining("understands 1.x (1.0)");
        }
    }

    @Test
    void aFullReaderTableIsAClearErrorForTheNextReader() throws Exception {
        String name = name("full");
        try (TestRingWriter writer = new TestRingWriter(name, 4, 2, 16, 8, 1_000_000);
             RingReader first = RingReader.open(name);
             RingReader second = RingReader.open(name)) {
            assertThatThrownBy(() -> RingReader.open(name))
                    .isInstanceOf(CaptureException.class)
                    .hasMessageContaining("has all readers=2 entries taken")
                    .hasMessageContaining("--readers N");
            second.close();
            try (RingReader third = RingReader.open(name)) {
                assertThat(third.isOpen()).isTrue();
            }
        }
    }

    @Test
    void aMissingRingSaysHowToStartOne() {
        assertThatThrownBy(() -> RingReader.open("no-such-ring-" + ProcessHandle.current().pid()))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("deskdup share --name no-such-ring-");
    }

    @Test
    void anotherUserCannotOpenTheRing() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "needs root to run a reader as user nobody (skipped: not root)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs /usr/bin/setpriv (util-linux)");
        String name = name("private");
        try (TestRingWriter writer = new TestRingWriter(name, 3, 1, 16, 8, 1_000_000);
             ChildJvm other = ChildJvm.start(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534",
                     "--clear-groups"), ReaderMain.class, name, "1", "0")) {
            String line = other.awaitLine("error", 30, TimeUnit.SECONDS);
            assertThat(line).contains("is not accessible to this user (owner uid=0, mode 600)");
            other.process.waitFor(10, TimeUnit.SECONDS);
            assertThat(other.process.exitValue()).isEqualTo(4);
        }
    }
}
