#!/usr/bin/python3
"""A fake xdg-desktop-portal ScreenCast service for deskdup's tests, independent of deskdup's D-Bus client
(GDBus from python3-gi). It owns org.freedesktop.portal.Desktop on the bus of $DBUS_SESSION_BUS_ADDRESS and answers
CreateSession, SelectSources, Start and OpenPipeWireRemote as the real portal does: each request-style call returns
its request object path at once and the result later as that request's Response(u, a{sv}) signal, sent to the
caller only. OpenPipeWireRemote passes a unix socket connected to PipeWire.

Usage: fake_portal.py CONTROL.json LOG.jsonl PIPEWIRE_SOCKET
CONTROL (re-read at every call): {"node_id": 42, "version": 4, "source_types": 7, "cursor_modes": 7,
  "responses": {"Start": 1}, "silent": ["Start"], "restore_token": "tok", "width": 640, "height": 480,
  "close_sessions": false, "pipewire_socket": "/path/to/another/pipewire-0"}
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
    invocation.return_value(None)


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
            respond_later(sender, request_path, method, lambda c: {})
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
