package dev.deskdup.internal.wayland;

import java.util.List;
import java.util.Map;

/** The few lines of JSON the fake portal's control file needs (maps, lists, strings, numbers, booleans). */
final class Json {

    private Json() {
    }

    static String write(Object v) {
        StringBuilder b = new StringBuilder();
        value(b, v);
        return b.toString();
    }

    private static void value(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            b.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(first ? "" : ",");
                first = false;
                value(b, e.getKey().toString());
                b.append(':');
                value(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof List<?> l) {
            b.append('[');
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ",");
                value(b, l.get(i));
            }
            b.append(']');
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass() + " as JSON");
        }
    }
}
