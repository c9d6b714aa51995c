package dev.deskdup.internal.dxgi;

import dev.deskdup.internal.os.NativeMemory;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A simulated COM object: native memory {@code [vtable pointer][id]} and a native vtable of FFM upcall stubs into
 * this Java object, so code calling through the vtable cannot tell it from a real one. Counts its references.
 * Every slot not installed answers E_NOTIMPL and records the unexpected call.
 */
abstract class FakeCom {

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    final FakeWorld world;
    final String kind;
    final long ptr;
    private final MemorySegment vtable;
    /** References handed out and not yet released. */
    int refs;

    FakeCom(FakeWorld world, String kind, int slotCount) {
        this.world = world;
        this.kind = kind;
        MemorySegment object = world.arena.allocate(16, 8);
        vtable = world.arena.allocate(8L * slotCount, 8);
        object.set(ADDRESS, 0, vtable);
        object.set(JAVA_LONG, 8, world.register(this));
        ptr = object.address();
        MemorySegment unexpected = stub("unexpected", Com.FD_I_P);
        for (int i = 0; i < slotCount; i++) {
            vtable.setAtIndex(ADDRESS, i, unexpected);
        }
        install(IUnknown.QUERY_INTERFACE, "queryInterface");
        install(IUnknown.ADD_REF, "addRef");
        install(IUnknown.RELEASE, "release");
    }

    /**
     * Puts an upcall to {@code method} into the vtable slot, with the slot's own descriptor: if a binding called
     * through another signature than it declares (the one the ABI test checks), these fakes would see garbage.
     */
    final void install(Com.VtableSlot slot, String method) {
        vtable.setAtIndex(ADDRESS, slot.index, stub(method, slot.descriptor));
    }

    private MemorySegment stub(String method, FunctionDescriptor fd) {
        MethodType type = fd.toMethodType();
        try {
            MethodHandle target = LOOKUP.findVirtual(getClass(), method, type).bindTo(this);
            // An exception escaping an upcall kills the JVM: record it and answer E_FAIL instead.
            MethodHandle onError = type.returnType() == void.class
                    ? FakeWorld.RECORD_VOID.bindTo(world) : FakeWorld.RECORD_INT.bindTo(world);
            onError = MethodHandles.dropArguments(onError, 1, type.parameterList());
            target = MethodHandles.catchException(target, Throwable.class, onError);
            return Com.LINKER.upcallStub(target, fd, world.arena);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(kind + "." + method + type, e);
        }
    }

    /** A reference for an out-parameter: counted, as AddRef would. */
    final long handOut() {
        refs++;
        return ptr;
    }

    /** Writes a counted reference to {@code target} (or null) at {@code out}. */
    static void put(long out, FakeCom target) {
        NativeMemory.ALL.set(JAVA_LONG, out, target == null ? 0 : target.handOut());
    }

    /** What QueryInterface answers for {@code riid} (IUnknown itself is always this). */
    FakeCom queryFor(long riid) {
        return null;
    }

    int queryInterface(long self, long riid, long out) {
        FakeCom t = queryFor(riid);
        put(out, t);
        return t == null ? HResult.E_NOINTERFACE : HResult.S_OK;
    }

    int addRef(long self) {
        return ++refs;
    }

    int release(long self) {
        if (refs <= 0) {
            world.error(kind + " released more often than it was referenced");
        }
        return --refs;
    }

    int unexpected(long self) {
        world.error("unexpected vtable call on " + kind);
        return HResult.E_NOTIMPL;
    }

    @Override
    public String toString() {
        return kind + "[refs=" + refs + "]";
    }
}
