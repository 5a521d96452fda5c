"""A real RTSP server in front of the mock's HTTP MPEG-TS feeds (GStreamer's gst-rtsp-server).

Runs under Debian's own Python (``/usr/bin/python3``, which has ``python3-gi``), as a
child process of whoever needs it; standalone on purpose: it imports nothing of the
project. An RTSP URL is the mock's stream URL with the scheme and port swapped:

    http://127.0.0.1:8000/api/v1/streams/<token>/sub.ts
    rtsp://127.0.0.1:<port>/api/v1/streams/<token>/sub.ts

Every RTSP session pulls its own HTTP stream, so the mock's grant check, its revocation
cut-off and the frame strip work for RTSP exactly as for HTTP-TS. The video is repacketised
(H.264 into RTP), never re-encoded. Other path prefixes imitate other cameras, for tests:
- ``/secure/...``: the same streams behind Digest authentication (``--user``/``--password``);
- ``/h265/...``: re-encoded to H.265, as a camera that sends H.265;
- ``/udp-only/...``: a camera that refuses RTP over TCP (RTSP 461), so clients fall back to UDP;
- ``/with-audio/...``: the video plus an audio track, as most cameras send;
- ``/audio-only/...``: an audio track and no video (a door intercom, a misconfigured channel);
- ``/vp8/...``: video in a codec the app does not play.

Prints ``ready at rtsp://127.0.0.1:<port>`` once listening.
"""

from __future__ import annotations

import argparse
import re
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtsp, GstRtspServer  # noqa: E402

ROLE_OPEN, ROLE_USER = "anonymous", "camera-user"
KINDS = ("h265", "udp-only", "with-audio", "audio-only", "vp8")  # path prefixes: other cameras


class ProxyFactory(GstRtspServer.RTSPMediaFactory):  # type: ignore[misc]
    """Builds one pipeline per client: the upstream HTTP-TS stream, repacketised as RTP."""

    def __init__(self, upstream: str, strip_prefix: str, kind: str = "h264") -> None:
        super().__init__()
        self.upstream = upstream.rstrip("/")
        self.strip_prefix = strip_prefix
        self.kind = kind  # one of KINDS
        self.set_shared(False)  # each viewer its own upstream connection (and grant check)
        if kind == "udp-only":
            self.set_protocols(GstRtsp.RTSPLowerTrans.UDP)

    def do_create_element(self, url: object) -> Gst.Element:
        path = url.abspath  # type: ignore[attr-defined]
        if self.strip_prefix and path.startswith(self.strip_prefix):
            path = path[len(self.strip_prefix):]
        location = f"{self.upstream}{path}".replace('"', "")

        def source(query: str = "") -> str:
            return f'souphttpsrc location="{location}{query}" is-live=true timeout=5 ! tsdemux latency=0'

        decoded = f"{source()} ! h264parse ! openh264dec ! videoconvert"
        tone = "audiotestsrc is-live=true wave=sine volume=0.1 ! opusenc ! rtpopuspay pt=97 name=pay{n}"
        if self.kind == "h265":  # a camera that sends H.265: the same picture (strip included), re-encoded
            video = (f"{decoded} ! x265enc tune=zerolatency speed-preset=ultrafast key-int-max=15 bitrate=800 ! "
                     "h265parse config-interval=-1 ! rtph265pay name=pay0 pt=96 config-interval=1")
        elif self.kind == "vp8":
            video = f"{decoded} ! vp8enc deadline=1 keyframe-max-dist=15 ! rtpvp8pay name=pay0 pt=96"
        elif self.kind == "audio-only":  # no upstream feed, so no grant check: a test mount only
            video = tone.format(n=0)
        else:
            # Like an IP camera, a session starts at the next keyframe (start=keyframe: the mock
            # sends its tables at once, the picture from the next keyframe). The mock's GOP burst
            # would be spent between DESCRIBE, which starts this pipeline, and PLAY, and the
            # client would wait a whole keyframe interval. tsdemux hands over one whole access
            # unit per PES; saying so (capssetter) lets the payloader describe the stream from
            # the PMT alone and send each frame at once (h264parse held each for the next: 66 ms).
            video = (f'{source("?start=keyframe")} ! capssetter caps="video/x-h264,alignment=(string)au" ! '
                     "rtph264pay name=pay0 pt=96 config-interval=-1")
            if self.kind == "with-audio":
                video += " " + tone.format(n=1)
        return Gst.parse_launch(f"( {video} )")


class ProxyMounts(GstRtspServer.RTSPMountPoints):  # type: ignore[misc]
    """Every stream path maps to one of two factories (open, secure); the factory reads the
    full path itself. gst-rtsp-server matches mounts on the whole path, and a token in the
    path is different for every grant."""

    def do_make_path(self, url: object) -> str:
        path = url.abspath  # type: ignore[attr-defined]
        match = re.match(r"^(.*?)(/stream=\d+)?$", path)
        base, control = (match.group(1), match.group(2) or "") if match else (path, "")
        for prefix in ("secure", *KINDS):
            if base.startswith(f"/{prefix}/api/v1/streams/"):
                return f"/{prefix}" + control
        if base.startswith("/api/v1/streams/"):
            return "/open" + control
        return base + control  # no factory: 404


def permissions_for(*roles: str) -> GstRtspServer.RTSPPermissions:
    permissions = GstRtspServer.RTSPPermissions()
    for role in (ROLE_OPEN, ROLE_USER):
        # Anyone may know a mount exists (else the server answers 404 and a client never sends
        # its credentials); only the given roles may play it (else 401 with a challenge).
        permissions.add_permission_for_role(role, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        permissions.add_permission_for_role(role, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, role in roles)
    return permissions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--upstream", required=True, help="the mock's base URL, e.g. http://127.0.0.1:8000")
    parser.add_argument("--user", default="camera")
    parser.add_argument("--password", default="secret")
    args = parser.parse_args(argv)
    Gst.init(None)
    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    # gst-rtsp-server serves every client from one thread by default, and a DESCRIBE holds it
    # until that client's pipeline has its first picture: a 4x4 wall opening at once was
    # answered one camera after another (the last keyframe 0.85-1.2 s in, now 0.5-0.75), and
    # DESCRIBEs whose clients had left held it for about 45 s. A real camera answers each
    # viewer on its own.
    server.get_thread_pool().set_max_threads(64)

    auth = GstRtspServer.RTSPAuth()
    anonymous = GstRtspServer.RTSPToken()
    anonymous.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, ROLE_OPEN)
    auth.set_default_token(anonymous)
    user = GstRtspServer.RTSPToken()
    user.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, ROLE_USER)
    # Digest, as cameras ask for by default (gst-rtsp-server can offer both, but not through
    # PyGObject, which takes one method); tests/unit/test_rtsp_client.py covers Basic.
    auth.add_digest(args.user, args.password, user)
    auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    server.set_auth(auth)

    mounts = ProxyMounts()
    open_factory = ProxyFactory(args.upstream, "")
    open_factory.set_permissions(permissions_for(ROLE_OPEN, ROLE_USER))
    mounts.add_factory("/open", open_factory)
    secure = ProxyFactory(args.upstream, "/secure")
    secure.set_permissions(permissions_for(ROLE_USER))
    mounts.add_factory("/secure", secure)
    for kind in KINDS:
        factory = ProxyFactory(args.upstream, f"/{kind}", kind)
        factory.set_permissions(permissions_for(ROLE_OPEN, ROLE_USER))
        mounts.add_factory(f"/{kind}", factory)
    server.set_mount_points(mounts)

    if server.attach(None) == 0:
        print("could not listen", file=sys.stderr, flush=True)
        return 1
    print(f"ready at rtsp://127.0.0.1:{server.get_bound_port()}", flush=True)
    loop = GLib.MainLoop()
    try:
        loop.run()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
