package dev.deskdup.source.x11;

import dev.deskdup.CaptureException;
import dev.deskdup.CaptureOptions;
import dev.deskdup.Region;
import dev.deskdup.ScreenCapture;
import dev.deskdup.frame.FrameRing;
import dev.deskdup.frame.FrameSlot;
import dev.deskdup.os.Libc;
import dev.deskdup.source.Source;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;


/**
 * Captures an X11 screen through MIT-SHM: each slot is shared memory attached to the X server, and
 * {@code ShmGetImage} makes the server write the pixels straight into the slot the consumer then reads. No
 * client-side copy on the frame path.
 *
 * <p>Slot memory is a memfd passed to the server ({@code xcb_shm_attach_fd}, MIT-SHM 1.2), so the same pages can
 * later be shared with other processes and nothing is left behind in any namespace. Where the server cannot take
 * an fd, a SysV segment (mode 0600) is used and marked for removal as soon as the server has attached it, so it
 * goes away even if the JVM is killed.
 */
public final class X11Source implements Source {

    private static final int ALL_PLANES = ~0;

    /** Diagnostic switch: {@code -Ddeskdup.x11.sysvShm=true} uses SysV segments even where fd passing works. */
    public static final String SYSV_PROPERTY = "deskdup.x11.sysvShm";

    private final X11Connection x;
    private final int regionX;
    private final int regionY;
    private final int width;
    private final int height;
    private final int shmMajor;
    private final int shmMinor;
    private boolean useFd;
    private final Arena arena = Arena.ofShared();
    private final List<ShmSlot> attached = new ArrayList<>();
    private volatile boolean closed;

    /** One slot's shared memory: the X segment id, and the fd (memfd) or SysV id behind it. */
    private record ShmSlot(int segment, int fd, int sysvId) {
    }

    private X11Source(X11Connection x, Region region, int shmMajor, int shmMinor) {
        this.x = x;
        this.regionX = region.x();
        this.regionY = region.y();
        this.width = region.width();
        this.height = region.height();
        this.shmMajor = shmMajor;
        this.shmMinor = shmMinor;
        this.useFd = (shmMajor > 1 || (shmMajor == 1 && shmMinor >= 2)) && !Boolean.getBoolean(SYSV_PROPERTY);
    }

    /**
     * Connects to the options' display and checks that it can be captured: 32-bit TrueColor, MIT-SHM present, the
     * region within the screen.
     */
    public static Source open(CaptureOptions options) {
        X11Connection x = X11Connection.connect(options.effectiveDisplay());
        try {
            x.requireBgra32();
            Region region = options.region() != null ? options.region() : Region.of(0, 0, x.width(), x.height());
            region.checkWithin(x.width(), x.height());
            int[] version = shmVersion(x);
            return new X11Source(x, region, version[0], version[1]);
        } catch (RuntimeException | Error e) {
            x.close();
            throw e;
        }
    }

    /** MIT-SHM's version on this server, or a clear error when it has none. */
    static int[] shmVersion(X11Connection x) {
        if (x.extension(XcbShm.EXTENSION_ID) == null) {
            throw new CaptureException("MIT-SHM is not available on display=" + x.display() + " (deskdup needs the "
                    + "X server's shared-memory extension: it is missing on remote/ssh-forwarded displays; run on "
                    + "the machine of the X server, or start Xvfb, which has it)");
        }
        try {
            int cookie = (int) XcbShm.QUERY_VERSION.invokeExact(x.pointer());
            long reply = (long) XcbShm.QUERY_VERSION_REPLY_FN.invokeExact(x.pointer(), cookie, x.errorOut());
            if (reply == 0) {
                throw x.replyFailed("ShmQueryVersion");
            }
            MemorySegment r = MemorySegment.ofAddress(reply).reinterpret(XcbShm.QUERY_VERSION_REPLY.byteSize());
            int[] version = {Xcb.u16(r, XcbShm.VERSION_MAJOR), Xcb.u16(r, XcbShm.VERSION_MINOR)};
            Libc.free(r);
            return version;
        } catch (CaptureException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @Override
    public String name() {
        return CaptureOptions.SOURCE_X11;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** Whether slots are memfds passed to the server (true) or SysV segments (false). */
    public boolean usesFdPassing() {
        return useFd;
    }

    /** Whether the X11 capture behind {@code capture} attached its slots by fd passing. */
    public static boolean usesFdPassing(ScreenCapture capture) {
        return capture instanceof FrameRing ring && ring.source() instanceof X11Source x11 && x11.useFd;
    }

    public String shmVersion() {
        return shmMajor + "." + shmMinor;
    }

    @Override
    public void attach(FrameSlot slot) {
        long size = (long) width * height * 4;
        ShmSlot shm = useFd ? attachFd(size) : null;
        if (shm == null) {
            useFd = false;
            shm = attachSysv(size);
        }
        attached.add(shm);
        slot.sourceHandle(shm.segment());
        MemorySegment memory = shm.fd() >= 0 ? mapFd(shm.fd(), size) : mapSysv(shm.sysvId(), size);
        slot.bind(memory, width, height, width * 4);
    }

    /** memfd + xcb_shm_attach_fd; null when the server refuses fd passing (then SysV is used). */
    private ShmSlot attachFd(long size) {
        int fd = Libc.memfdCreate("deskdup-slot");
        try {
            Libc.ftruncate(fd, size);
            int segment = x.generateId();
            // xcb closes the fd it sends, so it gets a duplicate and we keep ours for mapping.
            int sent = Libc.dup(fd);
            int cookie = (int) XcbShm.ATTACH_FD_CHECKED.invokeExact(x.pointer(), segment, sent, (byte) 0);
            long error = (long) Xcb.REQUEST_CHECK.invokeExact(x.pointer(), cookie);
            if (error != 0) {
                Libc.free(error);
                Libc.close(fd);
                return null;
            }
            x.checkAlive("ShmAttachFd");
            return new ShmSlot(segment, fd, -1);
        } catch (RuntimeException | Error e) {
            Libc.close(fd);
            throw e;
        } catch (Throwable t) {
            Libc.close(fd);
            throw new AssertionError(t);
        }
    }

    private ShmSlot attachSysv(long size) {
        int id = Libc.shmget(size);
        try {
            int segment = x.generateId();
            int cookie = (int) XcbShm.ATTACH_CHECKED.invokeExact(x.pointer(), segment, id, (byte) 0);
            x.check(cookie, "ShmAttach");
            return new ShmSlot(segment, -1, id);
        } catch (RuntimeException | Error e) {
            Libc.shmRemove(id);
            throw e;
        } catch (Throwable t) {
            Libc.shmRemove(id);
            throw new AssertionError(t);
        }
    }

    private MemorySegment mapFd(int fd, long size) {
        long address = Libc.mmapShared(fd, size, true);
        return MemorySegment.ofAddress(address).reinterpret(size, arena, s -> Libc.munmap(address, size));
    }

    private MemorySegment mapSysv(int id, long size) {
        long address = Libc.shmat(id);
        // Marked for removal once both the server and we are attached: it lives while attached and vanishes when
        // the last one detaches, even if the JVM is killed.
        Libc.shmRemove(id);
        return MemorySegment.ofAddress(address).reinterpret(size, arena, s -> Libc.shmdt(address));
    }

    @Override
    public boolean fill(FrameSlot slot, long timeoutNanos) {
        try {
            MemorySegment c = x.pointer();
            int cookie = (int) XcbShm.GET_IMAGE.invokeExact(c, x.root(), (short) regionX, (short) regionY,
                    (short) width, (short) height, ALL_PLANES, Xcb.IMAGE_FORMAT_Z_PIXMAP,
                    (int) slot.sourceHandle(), 0);
            long reply = (long) XcbShm.GET_IMAGE_REPLY_FN.invokeExact(c, cookie, x.errorOut());
            if (reply == 0) {
                throw x.replyFailed("ShmGetImage");
            }
            Libc.free(reply);
        } catch (CaptureException e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        slot.timestampNanos(System.nanoTime());
        slot.setFullyDirty();
        slot.bytesWritten((long) width * height * 4);
        return true;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!x.hasError()) {
                for (ShmSlot shm : attached) {
                    try {
                        int cookie = (int) XcbShm.DETACH_CHECKED.invokeExact(x.pointer(), shm.segment());
                        long error = (long) Xcb.REQUEST_CHECK.invokeExact(x.pointer(), cookie);
                        if (error != 0) {
                            Libc.free(error);
                        }
                    } catch (Throwable t) {
                        break;
                    }
                }
            }
        } finally {
            arena.close(); // unmaps every slot; any view still held now throws instead of reading
            for (ShmSlot shm : attached) {
                if (shm.fd() >= 0) {
                    Libc.close(shm.fd());
                }
            }
            attached.clear();
            x.close();
        }
    }
}
