#!/usr/bin/python3
"""A fake xdg-desktop-portal ScreenCast service for deskdup's tests, independent of deskdup's D-Bus client
(GDBus from python3-gi). It owns org.freedesktop.portal.Desktop on the bus of $DBUS_SESSION_BUS_ADDRESS and answers
CreateSession, SelectSources, Start and OpenPipeWireRemote as the real portal does: each request-style call returns
its request object path at once and the result later as that request's Response(u, a{sv}) signal, sent to the
caller only. OpenPipeWireRemote passes a unix socket connected to PipeWire.

Usage: fake_portal.py CONTROL.json LOG.jsonl PIPEWIRE_SOCKET
CONTROL (re-read at every call): {"node_id": 42, "version": 4, "source_types": 7, "cursor_modes": 7,
  "responses": {"Start": 1}, "silent": ["Start"], "restore_token": "tok", "width": 640, "height": 480,
  "close_sessions": false, "pipewire_socket": "/path/to/another/pipewire-0", "mutter": false,
  "mutter_connector": "Meta-0"}
With "mutter": true, Start records a monitor through a running mutter's org.gnome.Mutter.ScreenCast (as
xdg-desktop-portal-gnome does), linked to a org.gnome.Mutter.RemoteDesktop session, and returns its PipeWire node:
the real compositor behind a scripted portal. "pointer": [x, y] then moves mutter's pointer there.
LOG gets one JSON object per call: {"method": ..., "sender": ..., "options": {...}}.
"""
import json
import os
import socket
import sys

import gi

gi.require_version("Gio", "2.0")
from gi.repository import Gio, GLib  # noqa: E402

CONTROL, LOG, PW_SOCKET = sys.argv[1], sys.argv[2], sys.argv[3]
BASE = "/org/freedesktop/portal/desktop"

SCREENCAST_XML = """<node><interface name='org.freedesktop.portal.ScreenCast'>
 <method name='CreateSession'><arg type='a{sv}' direction='in'/><arg type='o' direction='out'/></method>
 <method name='SelectSources'><arg type='o' direction='in'/><arg type='a{sv}' direction='in'/>
  <arg type='o' direction='out'/></method>
 <method name='Start'><arg type='o' direction='in'/><arg type='s' direction='in'/><arg type='a{sv}' direction='in'/>
  <arg type='o' direction='out'/></method>
 <method name='OpenPipeWireRemote'><arg type='o' direction='in'/><arg type='a{sv}' direction='in'/>
  <arg type='h' direction='out'/></method>
 <property name='AvailableSourceTypes' type='u' access='read'/>
 <property name='AvailableCursorModes' type='u' access='read'/>
 <property name='version' type='u' access='read'/>
</interface></node>"""
SESSION_XML = """<node><interface name='org.freedesktop.portal.Session'>
 <method name='Close'/><signal name='Closed'><arg type='a{sv}'/></signal>
 <property name='version' type='u' access='read'/></interface></node>"""
REQUEST_XML = """<node><interface name='org.freedesktop.portal.Request'>
 <method name='Close'/><signal name='Response'><arg type='u'/><arg type='a{sv}'/></signal></interface></node>"""

screencast_info = Gio.DBusNodeInfo.new_for_xml(SCREENCAST_XML).interfaces[0]
session_info = Gio.DBusNodeInfo.new_for_xml(SESSION_XML).interfaces[0]
request_info = Gio.DBusNodeInfo.new_for_xml(REQUEST_XML).interfaces[0]

sessions = {}   # path -> (registration id, owner)
cursor_modes = {}     # portal session path -> the cursor_mode SelectSources asked for
mutter_sessions = {}  # portal session path -> org.gnome.Mutter.ScreenCast session path (control "mutter")
requests = {}   # path -> registration id
conn = None


def control():
    try:
        with open(CONTROL) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def log(entry):
    with open(LOG, "a") as f:
        f.write(json.dumps(entry) + "\n")


def unpack(options):
    return {k: (v.unpack() if isinstance(v, GLib.Variant) else v) for k, v in options.items()}


def escaped(sender):
    return sender[1:].replace(".", "_")


def on_request_call(connection, sender, path, iface, method, params, invocation):
    log({"method": "Request.Close", "sender": sender, "path": path})
    unregister_request(path)
    invocation.return_value(None)


def unregister_request(path):
    rid = requests.pop(path, None)
    if rid is not None:
        conn.unregister_object(rid)


def on_session_call(connection, sender, path, iface, method, params, invocation):
    log({"method": "Session.Close", "sender": sender, "path": path})
    entry = sessions.pop(path, None)
    if entry is not None:
        conn.unregister_object(entry[0])
    stop_mutter(path)
    invocation.return_value(None)


MUTTER = "org.gnome.Mutter.ScreenCast"


def mutter_call(path, iface, method, args, reply):
    return conn.call_sync(MUTTER, path, iface, method, args, GLib.VariantType(reply) if reply else None,
                          Gio.DBusCallFlags.NONE, 5000, None)


REMOTE_DESKTOP = "org.gnome.Mutter.RemoteDesktop"
remote_desktops = {}  # portal session path -> mutter remote-desktop session path
mutter_streams = {}   # portal session path -> mutter stream path
pointer_sent = {}     # portal session path -> the last "pointer" position sent


def stop_mutter(session_path):
    mutter_sessions.pop(session_path, None)
    mutter_streams.pop(session_path, None)
    pointer_sent.pop(session_path, None)
    rd = remote_desktops.pop(session_path, None)
    if rd is not None:
        try:  # stops the linked screen cast too
            conn.call_sync(REMOTE_DESKTOP, rd, REMOTE_DESKTOP + ".Session", "Stop", None, None,
                           Gio.DBusCallFlags.NONE, 5000, None)
        except GLib.Error as e:
            log({"method": "mutter-stop-error", "error": str(e)})


def move_mutter_pointers(ctl):
    """Moves mutter's pointer to control's "pointer" [x, y] (stream coordinates) in every live mutter session."""
    want = ctl.get("pointer")
    if not want:
        return
    for session_path, stream in list(mutter_streams.items()):
        if pointer_sent.get(session_path) == want:
            continue
        rd = remote_desktops.get(session_path)
        try:
            conn.call_sync(REMOTE_DESKTOP, rd, REMOTE_DESKTOP + ".Session", "NotifyPointerMotionAbsolute",
                           GLib.Variant("(sdd)", (stream, float(want[0]), float(want[1]))), None,
                           Gio.DBusCallFlags.NONE, 5000, None)
            pointer_sent[session_path] = want
            log({"method": "mutter-pointer", "x": want[0], "y": want[1]})
        except GLib.Error as e:
            log({"method": "mutter-pointer-error", "error": str(e)})


def start_with_mutter(sender, request_path, session_path, ctl):
    """Start as xdg-desktop-portal-gnome does it: a screen cast of a monitor through mutter's own D-Bus API, whose
    PipeWire node (on the same PipeWire daemon) goes back in the Response."""
    requests[request_path] = conn.register_object(request_path, request_info, on_request_call, None, None)

    def respond(code, results):
        conn.emit_signal(sender, request_path, "org.freedesktop.portal.Request", "Response",
                         GLib.Variant("(ua{sv})", (code, results)))
        unregister_request(request_path)

    # portal cursor modes hidden=1, embedded=2, metadata=4; mutter's hidden=0, embedded=1, metadata=2
    mode = {1: 0, 2: 1, 4: 2}.get(cursor_modes.get(session_path, 1), 0)
    try:
        # A remote-desktop session linked to the screen cast lets the test move mutter's pointer ("pointer").
        rd = conn.call_sync(REMOTE_DESKTOP, "/org/gnome/Mutter/RemoteDesktop", REMOTE_DESKTOP, "CreateSession",
                            None, GLib.VariantType("(o)"), Gio.DBusCallFlags.NONE, 5000, None).unpack()[0]
        rd_id = conn.call_sync(REMOTE_DESKTOP, rd, "org.freedesktop.DBus.Properties", "Get",
                               GLib.Variant("(ss)", (REMOTE_DESKTOP + ".Session", "SessionId")),
                               GLib.VariantType("(v)"), Gio.DBusCallFlags.NONE, 5000, None).unpack()[0]
        ms = mutter_call("/org/gnome/Mutter/ScreenCast", MUTTER, "CreateSession",
                         GLib.Variant("(a{sv})", ({"remote-desktop-session-id": GLib.Variant("s", rd_id)},)),
                         "(o)").unpack()[0]
        remote_desktops[session_path] = rd
        mutter_sessions[session_path] = ms
        stream = mutter_call(ms, MUTTER + ".Session", "RecordMonitor",
                             GLib.Variant("(sa{sv})", (ctl.get("mutter_connector", "Meta-0"),
                                                       {"cursor-mode": GLib.Variant("u", mode)})), "(o)").unpack()[0]
    except GLib.Error as e:
        log({"method": "mutter-error", "error": str(e)})
        respond(2, {})
        return
    subscription = []

    def added(connection, s, path, iface, signal, params, *rest):
        for sub in subscription:
            conn.signal_unsubscribe(sub)
        node = params.unpack()[0]
        props = mutter_call(stream, "org.freedesktop.DBus.Properties", "Get",
                            GLib.Variant("(ss)", (MUTTER + ".Stream", "Parameters")), "(v)").unpack()[0]
        log({"method": "mutter-stream", "node": node, "parameters": props})
        mutter_streams[session_path] = stream
        results = {"streams": GLib.Variant("a(ua{sv})", [(node, {
            "position": GLib.Variant("(ii)", tuple(props.get("position", (0, 0)))),
            "size": GLib.Variant("(ii)", tuple(props.get("size", (0, 0)))),
            "source_type": GLib.Variant("u", 1)})])}
        if ctl.get("restore_token"):
            results["restore_token"] = GLib.Variant("s", ctl["restore_token"])
            results["persist_mode"] = GLib.Variant("u", 2)
        respond(0, results)

    subscription.append(conn.signal_subscribe(MUTTER, MUTTER + ".Stream", "PipeWireStreamAdded", stream, None,
                                              Gio.DBusSignalFlags.NONE, added))
    try:  # a linked screen cast starts with its remote-desktop session
        conn.call_sync(REMOTE_DESKTOP, rd, REMOTE_DESKTOP + ".Session", "Start", None, None,
                       Gio.DBusCallFlags.NONE, 5000, None)
    except GLib.Error as e:
        log({"method": "mutter-error", "error": str(e)})
        respond(2, {})


def session_property(connection, sender, path, iface, name):
    return GLib.Variant("u", 1)


def respond_later(sender, path, method, results_builder):
    """Returns the request path now; sends Response after the reply (unless told to stay silent)."""
    ctl = control()
    requests[path] = conn.register_object(path, request_info, on_request_call, None, None)
    if method in ctl.get("silent", []):
        return

    def send():
        ctl2 = control()
        code = ctl2.get("responses", {}).get(method, 0)
        results = results_builder(ctl2) if code == 0 else {}
        conn.emit_signal(sender, path, "org.freedesktop.portal.Request", "Response",
                         GLib.Variant("(ua{sv})", (code, results)))
        unregister_request(path)
        return False

    GLib.idle_add(send)


def on_screencast_call(connection, sender, path, iface, method, params, invocation):
    args = params.unpack()
    if method == "CreateSession":
        options = args[0]
        log({"method": method, "sender": sender, "options": options})
        token = options.get("handle_token", "t")
        session_path = BASE + "/session/" + escaped(sender) + "/" + options.get("session_handle_token", "s")
        rid = conn.register_object(session_path, session_info, on_session_call, session_property, None)
        sessions[session_path] = (rid, sender)
        request_path = BASE + "/request/" + escaped(sender) + "/" + token
        invocation.return_value(GLib.Variant("(o)", (request_path,)))
        respond_later(sender, request_path, method,
                      lambda c: {"session_handle": GLib.Variant("s", session_path)})
    elif method in ("SelectSources", "Start"):
        session_path = args[0]
        options = args[-1]
        log({"method": method, "sender": sender, "session": session_path, "options": options})
        token = options.get("handle_token", "t")
        request_path = BASE + "/request/" + escaped(sender) + "/" + token
        invocation.return_value(GLib.Variant("(o)", (request_path,)))
        if method == "SelectSources":
            cursor_modes[session_path] = options.get("cursor_mode", 1)
            respond_later(sender, request_path, method, lambda c: {})
        elif control().get("mutter"):
            start_with_mutter(sender, request_path, session_path, control())
        else:
            def started(c):
                props = {"position": GLib.Variant("(ii)", (0, 0)),
                         "size": GLib.Variant("(ii)", (c.get("width", 0), c.get("height", 0))),
                         "source_type": GLib.Variant("u", 1)}
                res = {"streams": GLib.Variant("a(ua{sv})", [(c.get("node_id", 0), props)])}
                if c.get("restore_token"):
                    res["restore_token"] = GLib.Variant("s", c["restore_token"])
                    res["persist_mode"] = GLib.Variant("u", 2)
                return res
            respond_later(sender, request_path, method, started)
    elif method == "OpenPipeWireRemote":
        log({"method": method, "sender": sender, "session": args[0]})
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(control().get("pipewire_socket") or PW_SOCKET)
        fds = Gio.UnixFDList.new()
        fds.append(s.fileno())
        s.close()  # the list holds its own duplicate
        invocation.return_value_with_unix_fd_list(GLib.Variant("(h)", (0,)), fds)
    else:
        invocation.return_dbus_error("org.freedesktop.DBus.Error.UnknownMethod", method)


def screencast_property(connection, sender, path, iface, name):
    c = control()
    return GLib.Variant("u", {"AvailableSourceTypes": c.get("source_types", 1),
                              "AvailableCursorModes": c.get("cursor_modes", 7),
                              "version": c.get("version", 4)}[name])


def watch_control():
    move_mutter_pointers(control())
    if control().get("close_sessions"):
        for path, (rid, owner) in list(sessions.items()):
            conn.emit_signal(owner, path, "org.freedesktop.portal.Session", "Closed", GLib.Variant("(a{sv})", ({},)))
            conn.unregister_object(rid)
            del sessions[path]
            log({"method": "Session.Closed", "path": path})
    return True


def on_bus(connection, name):
    global conn
    conn = connection
    connection.register_object(BASE, screencast_info, on_screencast_call, screencast_property, None)


def on_name(connection, name):
    print("READY", flush=True)


def on_lost(connection, name):
    print("LOST " + name, flush=True)
    sys.exit(3)


Gio.bus_own_name(Gio.BusType.SESSION, "org.freedesktop.portal.Desktop", Gio.BusNameOwnerFlags.NONE,
                 on_bus, on_name, on_lost)
GLib.timeout_add(100, watch_control)
GLib.MainLoop().run()
