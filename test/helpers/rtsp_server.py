#!/usr/bin/python3
"""A live H.264 RTSP camera for tests, on 127.0.0.1 only.

Usage: rtsp_server.py --port N [--path cam] [--file clip.mp4] [--user U --password P]
                      [--transports udp|tcp|any]

Prints READY once the server is attached to its port; exits 0 on SIGTERM or SIGINT.
Without --file it serves GStreamer's moving-ball test pattern, live (is-live=true), so a
client sees frames at the camera's pace just like a real camera.
"""

import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

TRANSPORTS = {
    "udp": GstRtsp.RTSPLowerTrans.UDP,
    "tcp": GstRtsp.RTSPLowerTrans.TCP,
    "any": GstRtsp.RTSPLowerTrans.UDP
    | GstRtsp.RTSPLowerTrans.UDP_MCAST
    | GstRtsp.RTSPLowerTrans.TCP,
}

ENCODE = (
    "x264enc tune=zerolatency speed-preset=ultrafast key-int-max=15 "
    "! rtph264pay name=pay0 pt=96"
)
TEST_PATTERN = (
    "videotestsrc is-live=true pattern=ball "
    "! video/x-raw,width=320,height=240,framerate=15/1 ! " + ENCODE
)


def file_pipeline(path: str) -> str:
    # Re-encode so any clip (mp4, mkv, avi; any codec) becomes the H.264 a camera would send.
    location = path.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f'( filesrc location="{location}" ! decodebin ! videoconvert '
        f"! video/x-raw,format=I420 ! {ENCODE} )"
    )


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", default="cam")
    parser.add_argument("--file", help="serve this clip instead of the test pattern")
    parser.add_argument("--user", help="require RTSP basic auth with this user")
    parser.add_argument("--password", default="")
    parser.add_argument(
        "--transports",
        choices=sorted(TRANSPORTS),
        default="any",
        help="RTP transports offered; a client asking for another gets 461",
    )
    return parser.parse_args()


def require_basic_auth(server, factory, user: str, password: str) -> None:
    auth = GstRtspServer.RTSPAuth()
    token = GstRtspServer.RTSPToken()
    token.set_string("media.factory.role", user)
    auth.add_basic(GstRtspServer.RTSPAuth.make_basic(user, password), token)
    server.set_auth(auth)
    permissions = GstRtspServer.RTSPPermissions()
    permissions.add_permission_for_role(user, "media.factory.access", True)
    permissions.add_permission_for_role(user, "media.factory.construct", True)
    factory.set_permissions(permissions)


def main() -> int:
    args = parse_args()
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))

    factory = GstRtspServer.RTSPMediaFactory()
    launch = file_pipeline(args.file) if args.file else f"( {TEST_PATTERN} )"
    factory.set_launch(launch)
    # One pipeline for every client, like a camera: a second client joins the live stream.
    factory.set_shared(True)
    factory.set_protocols(TRANSPORTS[args.transports])
    if args.user:
        require_basic_auth(server, factory, args.user, args.password)
    server.get_mount_points().add_factory("/" + args.path.lstrip("/"), factory)

    if server.attach(None) == 0:
        print(f"cannot listen on 127.0.0.1:{args.port}", file=sys.stderr, flush=True)
        return 1

    loop = GLib.MainLoop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, loop.quit)
    print("READY", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
