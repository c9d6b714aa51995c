package dev.deskdup.xvfb;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * What every client of an X server holds there, from the X-Resource extension (libxcb-res, {@code res.h}): how many
 * windows, pixmaps, damage objects, MIT-SHM segments… per client, as {@code xrestop} shows them. For tests that
 * check that a capture leaves nothing behind on the server.
 *
 * <pre>{@code
 * List<ServerResources.Client> before = ServerResources.query(painter);
 * ... open a capture, use it ...
 * ServerResources.Client capture = ServerResources.newClient(before, ServerResources.query(painter));
 * int pixmaps = capture.count("PIXMAP");
 * }</pre>
 */
public final class ServerResources {

    /** One client: the base of its resource ids and its resources by type name (e.g. PIXMAP, DAMAGE, ShmSeg). */
    public record Client(long resourceBase, Map<String, Integer> counts) {
        public Client {
            counts = Map.copyOf(counts);
        }

        /** How many resources of {@code type} it holds (0 when none). */
        public int count(String type) {
            return counts.getOrDefault(type, 0);
        }

        /** Whether {@code xid} is one of this client's ids. */
        public boolean owns(long xid) {
            return (xid & ~0x1FFFFFL) == resourceBase;
        }
    }

    /** xcb_res_query_clients_reply_t: num_clients at 8, then xcb_res_client_t {base, mask} from 32. */
    private static final long NUM_CLIENTS = 8;
    /** xcb_res_query_client_resources_reply_t: num_types at 8, then xcb_res_type_t {atom, count} from 32. */
    private static final long NUM_TYPES = 8;
    private static final long LIST = 32;

    private static final Bindings BINDINGS = Bindings.load();

    private record Bindings(MethodHandle queryClients, MethodHandle queryClientsReply,
                            MethodHandle queryClientResources, MethodHandle queryClientResourcesReply) {
        static Bindings load() {
            SymbolLookup lib;
            try {
                lib = SymbolLookup.libraryLookup("libxcb-res.so.0", Arena.global());
            } catch (IllegalArgumentException e) {
                return null;
            }
            Linker l = Linker.nativeLinker();
            return new Bindings(
                    // xcb_res_query_clients_cookie_t xcb_res_query_clients(xcb_connection_t *c);
                    l.downcallHandle(lib.find("xcb_res_query_clients").orElseThrow(),
                            FunctionDescriptor.of(JAVA_INT, ADDRESS)),
                    // xcb_res_query_clients_reply_t *xcb_res_query_clients_reply(c, cookie, xcb_generic_error_t **e);
                    l.downcallHandle(lib.find("xcb_res_query_clients_reply").orElseThrow(),
                            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS)),
                    // xcb_res_query_client_resources_cookie_t xcb_res_query_client_resources(c, uint32_t xid);
                    l.downcallHandle(lib.find("xcb_res_query_client_resources").orElseThrow(),
                            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT)),
                    // xcb_res_query_client_resources_reply_t *xcb_res_query_client_resources_reply(c, cookie, e);
                    l.downcallHandle(lib.find("xcb_res_query_client_resources_reply").orElseThrow(),
                            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_INT, ADDRESS)));
        }
    }

    private ServerResources() {
    }

    /** Every client of the painter's server and what it holds. */
    public static List<Client> query(X11Painter painter) {
        if (BINDINGS == null) {
            throw new IllegalStateException("libxcb-res.so.0 cannot be loaded; install it: apt-get install "
                    + "libxcb-res0 / dnf install libxcb");
        }
        MemorySegment c = painter.connection();
        List<Client> clients = new ArrayList<>();
        try {
            int cookie = (int) BINDINGS.queryClients().invokeExact(c);
            long reply = (long) BINDINGS.queryClientsReply().invokeExact(c, cookie, MemorySegment.NULL);
            if (reply == 0) {
                throw new IllegalStateException("XResQueryClients failed (has the server X-Resource?)");
            }
            MemorySegment r = MemorySegment.ofAddress(reply).reinterpret(LIST);
            int n = r.get(JAVA_INT, NUM_CLIENTS);
            MemorySegment list = MemorySegment.ofAddress(reply + LIST).reinterpret(8L * n);
            long[] bases = new long[n];
            for (int i = 0; i < n; i++) {
                bases[i] = Integer.toUnsignedLong(list.get(JAVA_INT, 8L * i));
            }
            XcbClient.Libc.free(reply);
            for (long base : bases) {
                clients.add(new Client(base, counts(c, (int) base)));
            }
        } catch (Throwable t) {
            throw XcbClient.rethrow(t);
        }
        return clients;
    }

    /** The one client in {@code after} that is not in {@code before}; fails unless there is exactly one. */
    public static Client newClient(List<Client> before, List<Client> after) {
        List<Client> added = new ArrayList<>();
        for (Client a : after) {
            if (before.stream().noneMatch(b -> b.resourceBase() == a.resourceBase())) {
                added.add(a);
            }
        }
        if (added.size() != 1) {
            throw new IllegalStateException("expected one new X client, found " + added.size() + ": " + added);
        }
        return added.getFirst();
    }

    private static Map<String, Integer> counts(MemorySegment c, int base) throws Throwable {
        int cookie = (int) BINDINGS.queryClientResources().invokeExact(c, base);
        long reply = (long) BINDINGS.queryClientResourcesReply().invokeExact(c, cookie, MemorySegment.NULL);
        Map<String, Integer> counts = new TreeMap<>();
        if (reply == 0) {
            return counts; // the client left meanwhile
        }
        int n = MemorySegment.ofAddress(reply).reinterpret(LIST).get(JAVA_INT, NUM_TYPES);
        MemorySegment list = MemorySegment.ofAddress(reply + LIST).reinterpret(8L * n);
        int[] atoms = new int[n];
        int[] numbers = new int[n];
        for (int i = 0; i < n; i++) {
            atoms[i] = list.get(JAVA_INT, 8L * i);
            numbers[i] = list.get(JAVA_INT, 8L * i + 4);
        }
        XcbClient.Libc.free(reply);
        for (int i = 0; i < n; i++) {
            counts.put(XcbClient.atomName(c, atoms[i]), numbers[i]);
        }
        return counts;
    }
}
