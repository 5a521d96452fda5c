"""VLC's own RTSP server (libVLC's stream output, through python-vlc), serving the MPEG-TS
it reads on stdin, on loopback only. For tests/interop.

argv: rtsp_port rtp_port; INTEROP_CREDENTIALS=user:password in the environment asks viewers
for them (Basic, VLC's only scheme). The vlc program refuses to run as root; libVLC
does not, so the server runs in this process."""

from __future__ import annotations

import os
import signal
import sys

import vlc


def main() -> None:
    port, rtp_port = int(sys.argv[1]), int(sys.argv[2])
    options = ["--quiet", "--no-stats", "--rtsp-host=127.0.0.1", f"--sout-rtp-port-video={rtp_port}",
               "--file-caching=0", "--sout-mux-caching=0"]
    credentials = os.environ.get("INTEROP_CREDENTIALS", "")
    if credentials:
        user, password = credentials.split(":", 1)
        options += [f"--sout-rtsp-user={user}", f"--sout-rtsp-pwd={password}"]
    instance = vlc.Instance(options)
    media = instance.media_new("fd://0", f"sout=#rtp{{sdp=rtsp://127.0.0.1:{port}/cam}}", "sout-keep",
                               "demux=ts")
    player = instance.media_player_new()
    player.set_media(media)
    player.play()
    stop = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop)
    print("ready", flush=True)
    signal.sigwait(stop)
    player.stop()


if __name__ == "__main__":
    main()
