"""HLS from segmenters and web servers nobody here wrote, for the interop matrix of the HLS gate
(test_hls_servers.py): the mock's synthetic camera, segmented live by ffmpeg's HLS muxer (MPEG-TS
segments, fMP4 with an init section, one file in byte ranges, a master playlist of variants) or
by GStreamer's hlssink2, into one folder that nginx, npm's http-server and CPython's http.server
each serve on loopback. scripts/install-interop-servers.sh installs them (make test does)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from mock_backend.ffmpeg_tool import ffmpeg_exe
from tests.interop.conftest import (
    NODE_MODULES,
    READY_TIMEOUT_S,
    SERVERS_DIR,
    Deployment,
    feed_argv,
    free_tcp_port,
    package_version,
    spawn,
    wait_listening,
)

SEGMENTS_READY = 3  # segments in a live playlist before a player is pointed at it


@dataclass(frozen=True)
class Segmenter:
    """One live HLS output: what wrote it, its camera, and its first playlist (under the root)."""

    name: str
    camera_id: int
    playlist: str
    segment_kind: str  # ts / fmp4 / byterange / master


@dataclass(frozen=True)
class WebServer:
    name: str
    version: str
    port: int

    def url(self, segmenter: Segmenter) -> str:
        return f"http://127.0.0.1:{self.port}/{segmenter.playlist}"


SEGMENTERS = (
    Segmenter("ffmpeg-ts", 251, "ffmpeg-ts/index.m3u8", "ts"),
    Segmenter("ffmpeg-fmp4", 252, "ffmpeg-fmp4/index.m3u8", "fmp4"),
    Segmenter("ffmpeg-byterange", 253, "ffmpeg-byterange/index.m3u8", "byterange"),
    Segmenter("ffmpeg-master", 254, "ffmpeg-master/master.m3u8", "master"),
    Segmenter("gstreamer-hlssink2", 255, "gstreamer-hlssink2/index.m3u8", "ts"),
)


def segmenter_argv(segmenter: Segmenter, folder: Path) -> list[str]:
    """The segmenter reading the camera's MPEG-TS on stdin, writing a live (rolling) playlist."""
    if segmenter.name == "gstreamer-hlssink2":
        return ["gst-launch-1.0", "-q", "fdsrc", "fd=0", "!", "tsdemux", "!", "h264parse", "!", "hlssink2",
                f"location={folder / 'seg%05d.ts'}", f"playlist-location={folder / 'index.m3u8'}",
                "target-duration=1", "playlist-length=6", "max-files=12"]
    hls = ["-f", "hls", "-hls_time", "1", "-hls_list_size", "6"]
    head = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", "error", "-f", "mpegts", "-i", "pipe:0"]
    if segmenter.segment_kind == "ts":
        return [*head, "-c", "copy", *hls, "-hls_flags", "delete_segments+independent_segments+temp_file",
                "-hls_segment_filename", str(folder / "seg%05d.ts"), str(folder / "index.m3u8")]
    if segmenter.segment_kind == "fmp4":
        return [*head, "-c", "copy", *hls, "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4",
                "-hls_flags", "delete_segments+independent_segments+temp_file",
                "-hls_segment_filename", str(folder / "seg%05d.m4s"), str(folder / "index.m3u8")]
    if segmenter.segment_kind == "byterange":
        # An event playlist (it grows; nothing is dropped): ffmpeg's single-file mode keeps
        # EXT-X-MEDIA-SEQUENCE at 0 while a rolling list drops its oldest entries, and a player
        # then takes every refresh for the segments it has played (libVLC froze on it, gate or none).
        return [*head, "-c", "copy", "-f", "hls", "-hls_time", "1", "-hls_list_size", "0",
                "-hls_playlist_type", "event", "-hls_flags", "single_file+independent_segments",
                str(folder / "index.m3u8")]
    # Two variants of the camera, as a packager's ladder names them: encoded at two rates here
    # (the master playlist says each one's bandwidth, which a copied stream does not have).
    ladder = ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-threads", "1", "-g", "15",
              "-keyint_min", "15", "-sc_threshold", "0", "-b:v:0", "250k", "-b:v:1", "120k"]
    return [*head, "-map", "0:v", "-map", "0:v", *ladder, *hls,
            "-hls_flags", "delete_segments+independent_segments+temp_file", "-master_pl_name", "master.m3u8",
            "-var_stream_map", "v:0 v:1", "-hls_segment_filename", str(folder / "v%v_%05d.ts"),
            str(folder / "v%v.m3u8")]


def start_segmenters(deployment: Deployment, tmp: Path, root: Path) -> None:
    for segmenter in SEGMENTERS:
        folder = root / segmenter.name
        folder.mkdir(parents=True)
        feed = spawn(deployment, tmp, f"feed-{segmenter.name}",
                     [*feed_argv(segmenter.camera_id, "h264", tmp / f"label-{segmenter.name}.txt"),
                      "-f", "mpegts", "-flush_packets", "1", "pipe:1"], stdout=subprocess.PIPE)
        spawn(deployment, tmp, segmenter.name, segmenter_argv(segmenter, folder), stdin=feed.stdout, cwd=folder)
        assert feed.stdout is not None
        feed.stdout.close()  # the segmenter's stdin now


def wait_until_segmented(deployment: Deployment, root: Path) -> None:
    """Until every live playlist names SEGMENTS_READY segments (a variant's for a master)."""
    deadline = time.monotonic() + READY_TIMEOUT_S
    for segmenter in SEGMENTERS:
        media = root / (segmenter.playlist.replace("master.m3u8", "v0.m3u8"))
        while True:
            try:
                named = sum(1 for line in media.read_text().splitlines() if line.startswith("#EXTINF"))
            except FileNotFoundError:
                named = 0
            if named >= SEGMENTS_READY and (segmenter.segment_kind != "master"
                                            or "#EXT-X-STREAM-INF" in (root / segmenter.playlist).read_text()):
                break
            if time.monotonic() > deadline or any(p.poll() is not None for p in deployment.processes):
                deployment.stop()
                raise RuntimeError(f"{segmenter.name} wrote no live playlist in {media}\n" + deployment.log_tail())
            time.sleep(0.2)


def start_nginx(deployment: Deployment, tmp: Path, root: Path) -> WebServer:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).is_file():
        pytest.fail("nginx is missing: run scripts/install-interop-servers.sh (make test does)")
    port = free_tcp_port()
    conf = tmp / "nginx.conf"
    conf.write_text((SERVERS_DIR / "nginx.conf").read_text().replace("{tmp}", str(tmp))
                    .replace("{root}", str(root)).replace("{port}", str(port)))
    spawn(deployment, tmp, "nginx", [nginx, "-p", str(tmp), "-c", str(conf)])
    return WebServer("nginx", package_version("nginx-light"), port)


def start_http_server(deployment: Deployment, tmp: Path, root: Path) -> WebServer:
    node = shutil.which("node")
    main = NODE_MODULES / "http-server" / "bin" / "http-server"
    if node is None or not main.is_file():
        pytest.fail("http-server is missing: run scripts/install-interop-servers.sh (make test does)")
    version = (NODE_MODULES / "http-server" / "package.json").read_text().split('"version"', 1)[1].split('"')[1]
    port = free_tcp_port()
    # -c-1: no caching headers (a live playlist changes every second); -s: no log of each request.
    spawn(deployment, tmp, "http-server", [node, str(main), str(root), "-a", "127.0.0.1", "-p", str(port),
                                           "-c-1", "-s"], env={**os.environ, "NODE_PATH": str(NODE_MODULES)})
    return WebServer("http-server", version, port)


def start_python_http_server(deployment: Deployment, tmp: Path, root: Path) -> WebServer:
    """CPython's http.server: HTTP/1.0, a connection per request, no byte ranges."""
    port = free_tcp_port()
    spawn(deployment, tmp, "python-http.server", [sys.executable, "-m", "http.server", "--bind", "127.0.0.1",
                                                  "--directory", str(root), str(port)])
    return WebServer("python-http.server", sys.version.split()[0], port)


WEB_SERVERS = {"nginx": start_nginx, "http-server": start_http_server, "python-http.server": start_python_http_server}


@dataclass
class HlsDeployment:
    deployment: Deployment
    root: Path
    servers: dict[str, WebServer]


def start_hls(tmp: Path) -> HlsDeployment:
    deployment = Deployment("hls", "")
    root = tmp / "www"
    try:
        start_segmenters(deployment, tmp, root)
        servers = {name: start(deployment, tmp, root) for name, start in WEB_SERVERS.items()}
        wait_listening(deployment, *(server.port for server in servers.values()))
        wait_until_segmented(deployment, root)
    except BaseException:
        deployment.stop()
        raise
    return HlsDeployment(deployment, root, servers)
