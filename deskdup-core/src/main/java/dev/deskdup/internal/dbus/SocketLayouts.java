package dev.deskdup.internal.dbus;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.List;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The glibc (Linux x86-64 / aarch64, LP64) socket structures the D-Bus transport passes to {@code sendmsg} and
 * {@code recvmsg}, checked against {@code <sys/socket.h>} and {@code <sys/un.h>} by {@code SocketAbiTest}.
 *
 * <pre>
 *  struct msghdr (56)                          struct cmsghdr (16, data follows)
 *  0  void *msg_name                           0  size_t cmsg_len
 *  8  socklen_t msg_namelen (+4 pad)           8  int cmsg_level      (SOL_SOCKET)
 * 16  struct iovec *msg_iov                   12  int cmsg_type       (SCM_RIGHTS)
 * 24  size_t msg_iovlen                       16  int fds[]
 * 32  void *msg_control
 * 40  size_t msg_controllen                   struct iovec (16): 0 void *iov_base, 8 size_t iov_len
 * 48  int msg_flags (+4 pad)                  struct sockaddr_un (110): 0 sa_family_t, 2 char sun_path[108]
 * </pre>
 */
final class SocketLayouts {

    private SocketLayouts() {
    }

    static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4)).withName("struct msghdr");
    static final long MSG_IOV = MSGHDR.byteOffset(groupElement("msg_iov"));
    static final long MSG_IOVLEN = MSGHDR.byteOffset(groupElement("msg_iovlen"));
    static final long MSG_CONTROL = MSGHDR.byteOffset(groupElement("msg_control"));
    static final long MSG_CONTROLLEN = MSGHDR.byteOffset(groupElement("msg_controllen"));
    static final long MSG_FLAGS = MSGHDR.byteOffset(groupElement("msg_flags"));

    static final StructLayout IOVEC = MemoryLayout.structLayout(
            ADDRESS.withName("iov_base"),
            JAVA_LONG.withName("iov_len")).withName("struct iovec");
    static final long IOV_BASE = IOVEC.byteOffset(groupElement("iov_base"));
    static final long IOV_LEN = IOVEC.byteOffset(groupElement("iov_len"));

    static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("cmsg_len"),
            JAVA_INT.withName("cmsg_level"),
            JAVA_INT.withName("cmsg_type")).withName("struct cmsghdr");
    static final long CMSG_LEN = CMSGHDR.byteOffset(groupElement("cmsg_len"));
    static final long CMSG_LEVEL = CMSGHDR.byteOffset(groupElement("cmsg_level"));
    static final long CMSG_TYPE = CMSGHDR.byteOffset(groupElement("cmsg_type"));
    /** {@code CMSG_DATA}: the payload follows the header, which is already 8-aligned. */
    static final long CMSG_DATA = CMSGHDR.byteSize();

    static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path")).withName("struct sockaddr_un");
    static final long SUN_PATH = SOCKADDR_UN.byteOffset(groupElement("sun_path"));
    static final int SUN_PATH_MAX = 108;

    /** Every layout, for the ABI test. */
    static final List<StructLayout> ALL = List.of(MSGHDR, IOVEC, CMSGHDR, SOCKADDR_UN);

    /** {@code CMSG_SPACE(n)}: header plus payload rounded up to 8 bytes. */
    static long cmsgSpace(long payload) {
        return CMSGHDR.byteSize() + ((payload + 7) & ~7L);
    }

    /** {@code CMSG_LEN(n)}: header plus payload, unpadded. */
    static long cmsgLen(long payload) {
        return CMSGHDR.byteSize() + payload;
    }
}
