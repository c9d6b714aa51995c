package dev.deskdup.internal.share;

import dev.deskdup.Frame;
import dev.deskdup.RingClosedException;
import dev.deskdup.RingReader;
import dev.deskdup.RingStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Dead and stalled processes on either side: a reader that dies or stops loses its lease within a second; readers
 * of a producer that dies or stops end with an end-of-stream error within a second.
 */
@Timeout(60)
class RingLivenessTest {

    /** Nanoseconds until the reader entry of {@code pid} satisfies {@code done}, polling RingStatus. */
    static long nanosUntil(String name, long pid, Predicate<RingStatus.Reader> done) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
            for (RingStatus.Reader r : RingReader.status(name).readers()) {
                if (r.pid() == pid && done.test(r)) {
                    return System.nanoTime() - start;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("reader pid=" + pid + " never got there: " + RingReader.status(name));
    }

    static int leasedSlot(String name, long pid) {
        for (RingStatus.Reader r : RingReader.status(name).readers()) {
            if (r.pid() == pid) {
                return r.revoked() ? -1 : r.leasedSlot();
            }
        }
        return -1;
    }

    @Test
    void aReaderKilledWhileHoldingAFrameLosesItsLeaseWithinOneSecondAndTheSlotIsWrittenAgain() throws Exception {
        String name = RingLifecycleTest.name("killreader");
        try (TestRingWriter writer = new TestRingWriter(name, 3, 1, 16, 8, 200_000);
             ChildJvm reader = ChildJvm.start(ReaderMain.class, name, "1", "600000000")) {
            reader.awaitLine("first", 20, TimeUnit.SECONDS);
            int slot = leasedSlot(name, reader.pid());
            assertThat(slot).as("the child leases a slot").isBetween(0, 2);
            long deferralsBefore = RingReader.status(name).leaseDeferrals();
            long killedAt = System.nanoTime();
            reader.kill();
            long freed = nanosUntil(name, reader.pid(), r -> r.revoked() || r.leasedSlot() < 0);
            assertThat(System.nanoTime() - killedAt).as("lease freed after kill -9").isLessThan(
                    TimeUnit.SECONDS.toNanos(1));
            long seq = RingReader.status(name).slots().get(slot).sequence();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (RingReader.status(name).slots().get(slot).sequence() <= seq + 2 && System.nanoTime() < until) {
                Thread.sleep(5);
            }
            assertThat(RingReader.status(name).slots().get(slot).sequence()).as("the slot is written again")
                    .isGreaterThan(seq + 2);
            assertThat(deferralsBefore).as("the producer kept off the leased slot meanwhile").isPositive();
            assertThat(freed).isPositive();
        }
    }

    @Test
    void aStoppedReaderLosesItsLeaseWithinOneSecondAndCountsTheFrameLostWhenItResumes() throws Exception {
        String name = RingLifecycleTest.name("stopreader");
        try (TestRingWriter writer = new TestRingWriter(name, 3, 1, 16, 8, 200_000);
             ChildJvm reader = ChildJvm.start(ReaderMain.class, name, "1", "1500000")) {
            reader.awaitLine("first", 20, TimeUnit.SECONDS);
            reader.signal("STOP");
            long stoppedAt = System.nanoTime();
            nanosUntil(name, reader.pid(), RingStatus.Reader::revoked);
            assertThat(System.nanoTime() - stoppedAt).as("revoked after SIGSTOP").isLessThan(
                    TimeUnit.SECONDS.toNanos(1));
            Thread.sleep(300); // the producer writes the slot meanwhile
            reader.signal("CONT");
            assertThat(reader.awaitLine("frames=", 20, TimeUnit.SECONDS)).contains("frames=1 ").contains("lost=1");
        }
    }

    @Test
    void readersOfAKilledProducerEndWithAnErrorWithinOneSecond() throws Exception {
        String name = RingLifecycleTest.name("killproducer");
        try (ChildJvm producer = ChildJvm.start(WriterMain.class, name, "3", "1", "16", "8", "5000")) {
            producer.awaitLine("ready", 20, TimeUnit.SECONDS);
            try (RingReader ring = RingReader.open(name)) {
                Frame f = ring.acquire(5, TimeUnit.SECONDS);
                assertThat(f).isNotNull();
                f.release();
                long killedAt = System.nanoTime();
                producer.kill();
                assertThatThrownBy(() -> {
                    while (true) {
                        Frame next = ring.acquire(10, TimeUnit.SECONDS);
                        if (next != null) {
                            next.release();
                        }
                    }
                }).isInstanceOfSatisfying(RingClosedException.class, e -> assertThat(e.producerDied()).isTrue())
                        .hasMessageContaining("producer pid=" + producer.pid() + " is gone");
                assertThat(System.nanoTime() - killedAt).isLessThan(TimeUnit.SECONDS.toNanos(1));
            }
        } finally {
            java.nio.file.Files.deleteIfExists(RingFile.pathOf(name));
        }
    }

    @Test
    void readersOfAStoppedProducerEndWithAnErrorWithinOneSecond() throws Exception {
        String name = RingLifecycleTest.name("stopproducer");
        try (ChildJvm producer = ChildJvm.start(WriterMain.class, name, "3", "1", "16", "8", "5000")) {
            producer.awaitLine("ready", 20, TimeUnit.SECONDS);
            try (RingReader ring = RingReader.open(name)) {
                producer.signal("STOP");
                long stoppedAt = System.nanoTime();
                assertThatThrownBy(() -> {
                    while (true) {
                        Frame next = ring.acquire(10, TimeUnit.SECONDS);
                        if (next != null) {
                            next.release();
                        }
                    }
                }).isInstanceOfSatisfying(RingClosedException.class, e -> assertThat(e.producerDied()).isTrue())
                        .hasMessageContaining("has not beaten its heartbeat");
                assertThat(System.nanoTime() - stoppedAt).isLessThan(TimeUnit.SECONDS.toNanos(1));
            } finally {
                producer.signal("CONT");
            }
        }
    }

    @Test
    void readersOfAProducerThatEndsNormallyGetACleanEndOfStream() throws Exception {
        String name = RingLifecycleTest.name("endproducer");
        TestRingWriter writer = new TestRingWriter(name, 3, 1, 16, 8, 1_000_000);
        try (RingReader ring = RingReader.open(name)) {
            Frame f = ring.acquire(5, TimeUnit.SECONDS);
            f.release();
            writer.close();
            assertThatThrownBy(() -> ring.acquire(5, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(RingClosedException.class, e -> assertThat(e.producerDied()).isFalse())
                    .hasMessageContaining("was closed by its producer");
        }
    }
}
