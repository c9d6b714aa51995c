package dev.deskdup.internal.dbus;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire format: what the portal's signatures marshal to and back, and malformed input refused. */
class DbusCodecTest {

    static DbusMessage roundTrip(DbusMessage m) {
        byte[] bytes = m.encode(7);
        assertThat(DbusMessage.frameLength(bytes, bytes.length)).isEqualTo(bytes.length);
        return DbusMessage.decode(bytes, bytes.length, new ArrayList<>());
    }

    @Test
    void aPortalStartResponseRoundTrips() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("position", new Variant("(ii)", List.of(0, 0)));
        props.put("size", new Variant("(ii)", List.of(1920, 1080)));
        props.put("source_type", Variant.ofUint32(1));
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("streams", new Variant("a(ua{sv})", List.of(List.of(42L, props))));
        results.put("restore_token", Variant.of("tok"));
        DbusMessage m = new DbusMessage(DbusMessage.SIGNAL, 0, 0, "/org/freedesktop/portal/desktop/request/1_2/t",
                "org.freedesktop.portal.Request", "Response", null, 0, null, null, "ua{sv}", List.of(0L, results),
                null);
        DbusMessage back = roundTrip(m);
        assertThat(back.serial()).isEqualTo(7);
        assertThat(back.path()).isEqualTo(m.path());
        assertThat(back.member()).isEqualTo("Response");
        assertThat(back.body()).isEqualTo(List.of(0L, results));
    }

    @Test
    void everyBasicTypeRoundTrips() {
        List<Object> values = List.of((byte) 0x7f, true, (short) -2, 65535, -3, 4294967295L, Long.MIN_VALUE, -1L,
                2.5, "ß→", "/a/b", "a{sv}");
        DbusMessage m = DbusMessage.call("d", "/p", "i.f", "M", "ybnqiuxtdsog", values);
        assertThat(roundTrip(m).body()).isEqualTo(values);
    }

    @Test
    void aBigEndianMessageIsRead() {
        // Hand-made: 'B', METHOD_RETURN, flags 0, version 1, body length 4, serial 1, fields: REPLY_SERIAL u 5,
        // SIGNATURE g "u"; body: uint32 0x01020304 big-endian.
        byte[] b = {'B', 2, 0, 1, 0, 0, 0, 4, 0, 0, 0, 1, 0, 0, 0, 0x15,
                5, 1, 'u', 0, 0, 0, 0, 5, 8, 1, 'g', 0, 1, 'u', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                1, 2, 3, 4};
        // header fields array length 15: struct(5, v "u" 5) = 8 bytes, then struct(8, v "g" "u") = 7 bytes
        b[15] = 15;
        byte[] fixed = java.util.Arrays.copyOf(b, 16 + 16 + 4);
        System.arraycopy(new byte[]{5, 1, 'u', 0, 0, 0, 0, 5, 8, 1, 'g', 0, 1, 'u', 0, 0}, 0, fixed, 16, 16);
        System.arraycopy(new byte[]{1, 2, 3, 4}, 0, fixed, 32, 4);
        DbusMessage m = DbusMessage.decode(fixed, fixed.length, new ArrayList<>());
        assertThat(m.replySerial()).isEqualTo(5);
        assertThat(m.body()).containsExactly(0x01020304L);
    }

    @Test
    void aTruncatedMessageIsRefused() {
        byte[] bytes = DbusMessage.call("d", "/p", "i", "M", "s", List.of("hello")).encode(1);
        bytes[bytes.length - 10] = (byte) 0xFF; // the string's length now points past the end
        assertThatThrownBy(() -> DbusMessage.decode(bytes, bytes.length, new ArrayList<>()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDescriptorIndexPastTheMessagesDescriptorsIsRefused() {
        DbusWriter w = new DbusWriter();
        w.putUint32(3);
        byte[] body = w.toByteArray();
        DbusReader r = new DbusReader(body, 0, body.length, false, List.of(new UnixFd(9)));
        assertThatThrownBy(() -> r.value("h")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fd index=3");
    }

    @Test
    void signaturesSplitIntoCompleteTypes() {
        assertThat(DbusSignature.split("oa{sv}a(ua{sv})h")).containsExactly("o", "a{sv}", "a(ua{sv})", "h");
        assertThatThrownBy(() -> DbusSignature.split("a{vs}")).hasMessageContaining("key is not a basic type");
        assertThatThrownBy(() -> DbusSignature.split("(i")).hasMessageContaining("unclosed struct");
    }

    @Test
    void busAddressesParsePathsAndAbstractNames() {
        assertThat(BusAddress.parse("unix:abstract=/tmp/dbus-x,guid=1;unix:path=/run/user/0/bus"))
                .containsExactly(new BusAddress("/tmp/dbus-x", true), new BusAddress("/run/user/0/bus", false));
        assertThat(BusAddress.parse("unix:path=/a%20b")).containsExactly(new BusAddress("/a b", false));
        assertThatThrownBy(() -> BusAddress.parse("tcp:host=x,port=1")).hasMessageContaining("no unix:path=");
    }
}
