"""What an HLS playlist points at (the residual #21 named: the grant's playlist URL was checked,
what the playlist said was libVLC's to open). A backend's playlist (or one a master playlist names,
or a refresh of a live one) could send libVLC to a segment, a key or an init section at
``file:///``, at another host of the agency's network or at another port, and libVLC fetched it.
libVLC's HTTP client also followed a segment's redirect anywhere. Every playlist now passes the
app's gate (``rtcc_desktop/video/hls_gate.py``): each address is checked against the grant's
origin and rewritten as one of the gate's, a playlist naming any other is refused whole, in words
on the tile, and nothing of it is opened; segments, keys and init sections come through the gate
too, which follows no redirect.

The players are real (libVLC's adaptive demuxer); the backend and the "other host" are scripted
HTTP servers on loopback (tests/security/scripted_http.py); the other host records every request,
so "nothing reached it" is seen, not assumed.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from rtcc_desktop.video import hls_gate as hls_gate_module
from rtcc_desktop.video.hls_gate import PlaylistRefused, gate_playlist, origin_of
from rtcc_desktop.video.player_state import PlayerState
from rtcc_desktop.video.stream_player import StreamPlayer, StreamSource
from tests.security.scripted_http import Raw, Scripted, scripted_server

S = PlayerState
CASE = "2026-000777"
BASE = "https://rtcc.example.gov/api/v1/streams/tok/sub.m3u8"
ORIGIN = origin_of(BASE)


def nested(url: str) -> str:
    return "gate:" + url


def media(*lines: str) -> str:
    return "\n".join(["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-TARGETDURATION:2", "#EXT-X-MEDIA-SEQUENCE:7", *lines])


# --- the playlist's addresses, one by one --------------------------------------------------------------------

def test_a_playlist_of_the_backend_s_own_segments_is_handed_on_absolute() -> None:
    text = media("#EXTINF:2.0,", "seg-7.ts", "#EXTINF:2.0,", "/api/v1/streams/tok/sub/seg-8.ts",
                 "#EXTINF:2.0,", "https://RTCC.example.gov:443/api/v1/streams/tok/sub/seg-9.ts")
    out = gate_playlist(text, BASE, ORIGIN, nested).splitlines()
    assert out[-5:] == ["https://rtcc.example.gov/api/v1/streams/tok/seg-7.ts", "#EXTINF:2.0,",
                        "https://rtcc.example.gov/api/v1/streams/tok/sub/seg-8.ts", "#EXTINF:2.0,",
                        "https://RTCC.example.gov:443/api/v1/streams/tok/sub/seg-9.ts"]


def test_a_master_playlist_s_variants_and_renditions_go_through_the_gate() -> None:
    text = "\n".join(["#EXTM3U", '#EXT-X-MEDIA:TYPE=VIDEO,GROUP-ID="v",NAME="alt",URI="alt/index.m3u8"',
                      "#EXT-X-STREAM-INF:BANDWIDTH=300000", "low/index.m3u8",
                      '#EXT-X-I-FRAME-STREAM-INF:BANDWIDTH=9000,URI="iframes.m3u8"'])
    out = gate_playlist(text, BASE, ORIGIN, nested)
    assert 'URI="gate:https://rtcc.example.gov/api/v1/streams/tok/alt/index.m3u8"' in out
    assert "\ngate:https://rtcc.example.gov/api/v1/streams/tok/low/index.m3u8\n" in out
    assert 'URI="gate:https://rtcc.example.gov/api/v1/streams/tok/iframes.m3u8"' in out


@pytest.mark.parametrize(("line", "words"), [
    ("file:///etc/passwd", "a file on this computer"),
    ("/../../../../etc/passwd", ""),  # resolves on the backend itself: allowed, it is the backend's path
    ("http://rtcc.example.gov/api/v1/streams/tok/sub/seg.ts", "http://rtcc.example.gov:80"),
    ("https://rtcc.example.gov:8443/seg.ts", "https://rtcc.example.gov:8443"),
    ("https://intranet.agency.local/admin?delete=1", "https://intranet.agency.local:443"),
    ("https://user:pw@rtcc.example.gov/seg.ts", "with a user name in it"),
    ("//evil.example/seg.ts", "https://evil.example:443"),
    ("v4l2:///dev/video0", "an address of another kind (v4l2:)"),
    ("https://rtcc.example.gov:99999/seg.ts", "an address with no valid port"),
])
def test_a_segment_anywhere_else_refuses_the_playlist_in_words(line: str, words: str) -> None:
    text = media("#EXTINF:2.0,", line)
    if not words:
        assert gate_playlist(text, BASE, ORIGIN, nested).splitlines()[-1] == "https://rtcc.example.gov/etc/passwd"
        return
    with pytest.raises(PlaylistRefused, match="Refused the HLS stream: its playlist points at") as refused:
        gate_playlist(text, BASE, ORIGIN, nested)
    assert words in str(refused.value) and "tok" not in str(refused.value)  # never the grant's path


@pytest.mark.parametrize("tag", [
    '#EXT-X-KEY:METHOD=AES-128,URI="https://keys.evil.example/k"',
    '#EXT-X-MAP:URI="file:///etc/shadow"',
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x",URI="http://10.0.0.5/a.m3u8"',
    '#EXT-X-SESSION-KEY:METHOD=AES-128,URI="data:text/plain;base64,AAAA"',
])
def test_a_key_an_init_section_or_a_rendition_anywhere_else_refuses_it_too(tag: str) -> None:
    with pytest.raises(PlaylistRefused, match="its playlist points at"):
        gate_playlist(media(tag, "#EXTINF:2.0,", "seg-7.ts"), BASE, ORIGIN, nested)


def test_a_reply_that_is_no_playlist_is_refused() -> None:
    with pytest.raises(PlaylistRefused, match="not an HLS playlist"):
        gate_playlist("<html>login</html>", BASE, ORIGIN, nested)


def test_a_control_character_in_an_address_refuses_it() -> None:
    with pytest.raises(PlaylistRefused):
        gate_playlist(media("#EXTINF:2.0,", "seg\x00.ts"), BASE, ORIGIN, nested)


# --- real players ----------------------------------------------------------------------------------------------

@pytest.fixture
def backend() -> Iterator[Scripted]:
    with scripted_server() as server:
        yield server


@pytest.fixture
def elsewhere() -> Iterator[Scripted]:
    """Another host of the agency's network (here: another port), recording whatever reaches it."""
    with scripted_server() as server:
        server.on("GET", "/seg.ts", Raw(200, b"\x47" + b"\xff" * 187, {"Content-Type": "video/mp2t"}))
        server.on("GET", "/other.m3u8", Raw(200, media("#EXTINF:2.0,", "seg.ts").encode(),
                                          {"Content-Type": "application/vnd.apple.mpegurl"}))
        yield server


def playlist(text: str) -> Raw:
    return Raw(200, text.encode(), {"Content-Type": "application/vnd.apple.mpegurl"})


def play_until_failed(qtbot: QtBot, url: str) -> StreamPlayer:
    player = StreamPlayer()
    player.play(StreamSource(7, url, "sub", CASE, None, "hls"))
    qtbot.waitUntil(lambda: player.state is S.failed, timeout=10_000)
    return player


def test_a_playlist_naming_another_host_fails_the_tile_in_words_and_nothing_reaches_that_host(
        qtbot: QtBot, backend: Scripted, elsewhere: Scripted) -> None:
    backend.on("GET", "/api/v1/streams/tok/sub.m3u8", playlist(media(
        "#EXTINF:2.0,", f"{elsewhere.url}/seg.ts", "#EXTINF:2.0,", f"{elsewhere.url}/seg.ts")))
    player = play_until_failed(qtbot, f"{backend.url}/api/v1/streams/tok/sub.m3u8")
    try:
        assert player.detail == (f"Refused the HLS stream: its playlist points at http://127.0.0.1:{elsewhere.port}; "
                                 "only the backend's own addresses are played.")
        assert player.lasting  # the same playlist would be refused again: no retry loop
        qtbot.wait(1000)
        assert elsewhere.hits == []
        # Fetched by the gate alone, and again before the refusal stands (a playlist caught mid-rewrite).
        assert [h.target for h in backend.hits] == ["/api/v1/streams/tok/sub.m3u8"] * (hls_gate_module.REFETCHES + 1)
    finally:
        player.release()


def test_a_variant_whose_own_playlist_names_another_host_is_refused_at_that_playlist(
        qtbot: QtBot, backend: Scripted, elsewhere: Scripted) -> None:
    """The master playlist is clean; the media playlist it names (fetched through the gate too)
    points elsewhere: refused there, before libVLC opens any of it."""
    backend.on("GET", "/api/v1/streams/tok/sub.m3u8", playlist(
        "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=300000\nlow.m3u8\n"))
    backend.on("GET", "/api/v1/streams/tok/low.m3u8", playlist(media("#EXTINF:2.0,", f"{elsewhere.url}/seg.ts")))
    player = play_until_failed(qtbot, f"{backend.url}/api/v1/streams/tok/sub.m3u8")
    try:
        assert "its playlist points at http://127.0.0.1:" in player.detail
        qtbot.wait(1000)
        assert elsewhere.hits == []
        assert {h.target for h in backend.hits} == {"/api/v1/streams/tok/sub.m3u8", "/api/v1/streams/tok/low.m3u8"}
    finally:
        player.release()


def test_a_redirect_of_the_playlist_is_not_followed(qtbot: QtBot, backend: Scripted, elsewhere: Scripted) -> None:
    backend.on("GET", "/api/v1/streams/tok/sub.m3u8", Raw(302, b"", {"Location": f"{elsewhere.url}/other.m3u8"}))
    player = play_until_failed(qtbot, f"{backend.url}/api/v1/streams/tok/sub.m3u8")
    try:
        qtbot.wait(500)
        assert elsewhere.hits == []
    finally:
        player.release()


def test_a_backend_dripping_its_playlist_is_given_up_on_by_the_deadline(
        qtbot: QtBot, backend: Scripted, monkeypatch: pytest.MonkeyPatch) -> None:
    """A byte every 0.2 s (each restarts a socket's timeout): before, the gate read on for as long as
    the server dripped (30 s here); now the whole fetch has its deadline (2 s here, to keep the test
    short), and the connection goes."""
    monkeypatch.setattr(hls_gate_module, "FETCH_TIMEOUT_S", 2.0)
    text = media("#EXTINF:2.0,", "seg-7.ts").encode().ljust(150, b"\n")

    def drip() -> Iterator[bytes]:
        for byte in text:
            time.sleep(0.2)
            yield bytes([byte])

    backend.on("GET", "/api/v1/streams/tok/sub.m3u8", lambda: Raw(200, drip(), {"Content-Length": str(len(text)),
                                                                                 "Content-Type": "text/plain"}))
    player = StreamPlayer()
    player.play(StreamSource(7, f"{backend.url}/api/v1/streams/tok/sub.m3u8", "sub", CASE, None, "hls"))
    try:
        qtbot.waitUntil(lambda: bool(backend.sent), timeout=6_000)  # the server saw the gate hang up
        assert backend.sent[0] < len(text)
    finally:
        player.release()


# --- addresses as libVLC's own parser reads them ---------------------------------------------------------------
# libVLC 3's HLS parser (modules/demux/hls/playlist/{Parser,Tags}.cpp) takes an attribute's value
# quoted or not, toggles quoting at every '"' and joins what lies between, reads a tag's name up to
# the first ':' (or the line's end, or a NUL: the line is a C string), and takes a variant's
# address from a URI attribute of its EXT-X-STREAM-INF before the line after it.

@pytest.mark.parametrize("tag", [
    "#EXT-X-KEY:METHOD=AES-128,URI=https://keys.evil.example/k",
    "#EXT-X-MAP:URI=file:///etc/shadow",
    "#EXT-X-SESSION-KEY:METHOD=AES-128,URI=http://10.0.0.5/k",
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x",URI=http://10.0.0.5/a.m3u8',
    "#EXT-X-STREAM-INF:BANDWIDTH=1,URI=http://10.0.0.5/v.m3u8",  # libVLC plays this, not the next line
    "#EXT-X-KEY:METHOD=AES-128, URI=http://10.0.0.5/k",  # libVLC 3.0.24 reads past the space
    "#EXT-X-MAP: URI=http://10.0.0.5/init.mp4",
    "#EXT-X-MAP:U1RI=http://10.0.0.5/init.mp4",  # and past a digit in a name
])
def test_an_unquoted_uri_attribute_is_checked_too(tag: str) -> None:
    with pytest.raises(PlaylistRefused, match="its playlist points at"):
        gate_playlist(media(tag, "#EXTINF:2.0,", "seg-7.ts"), BASE, ORIGIN, nested)


@pytest.mark.parametrize("tag", [
    '#EXT-X-KEY:METHOD=AES-128,URI="https://rtcc.example.gov"@evil.example/k"',  # one value to libVLC
    '#EXT-X-KEY:METHOD=AES-128,URI="https://rtcc.example.gov\\"@evil.example/k"',
    "#EXT-X-MAP:BYTERANGE=1@0,x=1,URI=http://10.0.0.5/init.mp4",  # libVLC 3.0.24 reads past "x=1"
    '#EXT-X-MEDIA:TYPE=AUDIO,NAME="a\\",URI=http://10.0.0.5/a.m3u8",GROUP-ID="a"',
])
def test_a_tag_not_written_as_hls_writes_one_refuses_the_playlist(tag: str) -> None:
    with pytest.raises(PlaylistRefused, match="Refused the HLS stream: its playlist"):
        gate_playlist(media(tag, "#EXTINF:2.0,", "seg-7.ts"), BASE, ORIGIN, nested)


def test_a_playlist_starting_with_a_byte_order_mark_is_handed_on_without_it() -> None:
    """Before, the first line "\\ufeff#EXTM3U" passed the header check and was then taken for an
    address: the playlist was refused as pointing at the backend itself."""
    out = gate_playlist("\ufeff" + media("#EXTINF:2.0,", "seg-7.ts"), BASE, ORIGIN, nested)
    assert out.splitlines()[0] == "#EXTM3U"


def test_uri_attributes_are_written_out_as_libvlc_reads_them() -> None:
    text = "\n".join(["#EXTM3U", "#EXT-X-KEY:METHOD=AES-128,URI=k/1.key,IV=0x01",
                      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x",URI=alt.m3u8',
                      "#EXT-X-STREAM-INF:BANDWIDTH=1,URI=v.m3u8", "low.m3u8"])
    assert gate_playlist(text, BASE, ORIGIN, nested).splitlines() == [
        "#EXTM3U", '#EXT-X-KEY:METHOD=AES-128,URI="https://rtcc.example.gov/api/v1/streams/tok/k/1.key",IV=0x01',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="x",URI="gate:https://rtcc.example.gov/api/v1/streams/tok/alt.m3u8"',
        "#EXT-X-STREAM-INF:BANDWIDTH=1,URI=gate:https://rtcc.example.gov/api/v1/streams/tok/v.m3u8",  # read unquoted
        "gate:https://rtcc.example.gov/api/v1/streams/tok/low.m3u8"]


@pytest.mark.parametrize("tag", ["#EXT-X-STREAM-INF", "#EXT-X-STREAM-INF   "])
def test_a_variant_after_a_stream_inf_without_attributes_goes_through_the_gate(tag: str) -> None:
    out = gate_playlist(f"#EXTM3U\n{tag}\nlow.m3u8\n", BASE, ORIGIN, nested)
    assert out.splitlines()[-1] == "gate:https://rtcc.example.gov/api/v1/streams/tok/low.m3u8"


def test_a_nul_in_a_playlist_refuses_it() -> None:
    """libVLC reads "#EXT-X-STREAM-INF\\0:BANDWIDTH=1" as a bare EXT-X-STREAM-INF."""
    with pytest.raises(PlaylistRefused):
        gate_playlist("#EXTM3U\n#EXT-X-STREAM-INF\x00:BANDWIDTH=1\nlow.m3u8\n", BASE, ORIGIN, nested)


@pytest.mark.parametrize("line", ["//[evil/seg.ts", "https://[127.0.0.1]/seg.ts", "https://rtcc.example.gov]/seg.ts"])
def test_an_address_python_cannot_split_refuses_the_playlist_in_words(line: str) -> None:
    with pytest.raises(PlaylistRefused, match="Refused the HLS stream: its playlist points at"):
        gate_playlist(media("#EXTINF:2.0,", line), BASE, ORIGIN, nested)


def test_libvlc_opens_no_key_init_section_or_variant_a_playlist_names_unquoted_elsewhere(
        qtbot: QtBot, backend: Scripted, elsewhere: Scripted) -> None:
    """Before, the gate read only URI="..." attributes: libVLC fetched the key and the init section
    from the other host, and a bare EXT-X-STREAM-INF's variant straight from the backend (its own
    playlist, naming the other host, never passed the gate)."""
    elsewhere.on("GET", "/k", Raw(200, b"0123456789abcdef"))
    backend.on("GET", "/api/v1/streams/tok/sub.m3u8", playlist(
        f"#EXTM3U\n#EXT-X-SESSION-KEY:METHOD=AES-128,URI={elsewhere.url}/k\n#EXT-X-STREAM-INF\nlow.m3u8\n"))
    backend.on("GET", "/api/v1/streams/tok/low.m3u8", playlist(media(
        f"#EXT-X-MAP:URI={elsewhere.url}/seg.ts", f"#EXT-X-KEY:METHOD=AES-128,URI={elsewhere.url}/k",
        "#EXTINF:2.0,", f"{elsewhere.url}/seg.ts")))
    player = play_until_failed(qtbot, f"{backend.url}/api/v1/streams/tok/sub.m3u8")
    try:
        assert f"its playlist points at http://127.0.0.1:{elsewhere.port}" in player.detail
        qtbot.wait(1000)
        assert elsewhere.hits == []
        # Refused at the master (fetched again before the refusal stands).
        assert [h.target for h in backend.hits] == ["/api/v1/streams/tok/sub.m3u8"] * (hls_gate_module.REFETCHES + 1)
    finally:
        player.release()


def test_a_backend_dripping_its_headers_is_given_up_on_by_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    """The deadline held for the body only: a status line, then a header a byte every 0.25 s (each
    restarting the socket's timeout), held the fetch as long as the server dripped (10 s here)."""
    monkeypatch.setattr(hls_gate_module, "FETCH_TIMEOUT_S", 1.0)
    server = socket.create_server(("127.0.0.1", 0))

    def drip() -> None:
        connection, _ = server.accept()
        with connection:
            connection.recv(4096)
            connection.sendall(b"HTTP/1.1 200 OK\r\n")
            for _ in range(40):
                time.sleep(0.25)
                try:
                    connection.sendall(b"X")
                except OSError:  # the gate hung up
                    return

    threading.Thread(target=drip, daemon=True).start()
    started = time.monotonic()
    url = f"http://127.0.0.1:{server.getsockname()[1]}/api/v1/streams/tok/sub.m3u8"
    gated = hls_gate_module.hls_gate().open(url, lambda _words: None)
    with server, pytest.raises(urllib.error.HTTPError) as failed:
        urllib.request.urlopen(gated.url, timeout=10)
    gated.close()
    assert failed.value.code == 504  # libVLC hears the backend did not answer in time
    assert time.monotonic() - started < 3


# --- segments, keys and init sections through the gate -------------------------------------------------------

def test_a_segment_answering_with_a_redirect_elsewhere_is_not_followed(
        qtbot: QtBot, backend: Scripted, elsewhere: Scripted) -> None:
    """libVLC's own HTTP client followed a segment's redirect to another host (the addresses in
    the playlist were checked, where their replies sent it was not); the gate follows none."""
    backend.on("GET", "/api/v1/streams/tok/sub.m3u8", playlist(media("#EXTINF:2.0,", "seg-7.ts", "#EXTINF:2.0,",
                                                                      "seg-8.ts")))
    for name in ("seg-7.ts", "seg-8.ts"):
        backend.on("GET", f"/api/v1/streams/tok/{name}", Raw(302, b"", {"Location": f"{elsewhere.url}/seg.ts"}))
    player = StreamPlayer()
    player.play(StreamSource(7, f"{backend.url}/api/v1/streams/tok/sub.m3u8", "sub", CASE, None, "hls"))
    try:
        qtbot.waitUntil(lambda: any(h.target.endswith("seg-7.ts") for h in backend.hits), timeout=10_000)
        qtbot.wait(1500)
        assert elsewhere.hits == []
    finally:
        player.release()


def test_libvlc_reaches_the_backend_only_through_the_gate(qtbot: QtBot, backend: Scripted) -> None:
    """Every request the backend sees for this playback is the gate's (its user agent), none libVLC's."""
    backend.on("GET", "/api/v1/streams/tok/sub.m3u8", playlist(media(
        '#EXT-X-MAP:URI="init.mp4"', "#EXTINF:2.0,", "seg-7.ts", "#EXTINF:2.0,", "seg-8.ts")))
    for name in ("init.mp4", "seg-7.ts", "seg-8.ts"):
        backend.on("GET", f"/api/v1/streams/tok/{name}", Raw(200, b"\x47" + b"\xff" * 187,
                                                            {"Content-Type": "video/mp2t"}))
    player = StreamPlayer()
    player.play(StreamSource(7, f"{backend.url}/api/v1/streams/tok/sub.m3u8", "sub", CASE, None, "hls"))
    try:
        qtbot.waitUntil(lambda: len(backend.hits) >= 2, timeout=10_000)
        qtbot.wait(1000)
        assert backend.hits and {h.headers.get("User-Agent") for h in backend.hits} == {"rtcc-desktop"}
    finally:
        player.release()


def through_the_gate(backend: Scripted) -> tuple[hls_gate_module.GatedPlaylist, list[str]]:
    """The grant's playlist opened at the gate, and the addresses it lists for libVLC (the
    caller closes it)."""
    gated = hls_gate_module.hls_gate().open(f"{backend.url}/api/v1/streams/tok/sub.m3u8", lambda _words: None)
    listed = urllib.request.urlopen(gated.url, timeout=10).read().decode()
    return gated, [line for line in listed.splitlines() if line and not line.startswith("#")]


def test_a_byte_range_is_asked_of_the_backend_and_its_answer_handed_on(backend: Scripted) -> None:
    """EXT-X-BYTERANGE: libVLC asks for a part of a segment; the gate asks the backend the same and
    hands its 206 and Content-Range back."""
    backend.on("GET", "/api/v1/streams/tok/sub.m3u8", playlist(media(
        "#EXTINF:2.0,", "#EXT-X-BYTERANGE:10@0", "all.ts")))
    backend.on("GET", "/api/v1/streams/tok/all.ts", Raw(206, b"0123456789", {"Content-Range": "bytes 0-9/100",
                                                                              "Content-Type": "video/mp2t"}))
    gated, [segment] = through_the_gate(backend)
    try:
        gate_address = f"http://127.0.0.1:{hls_gate_module.hls_gate().port}/"
        assert segment.startswith(gate_address) and segment.endswith("/all.ts")
        reply = urllib.request.urlopen(urllib.request.Request(segment, headers={"Range": "bytes=0-9"}), timeout=10)
        assert reply.status == 206 and reply.headers["Content-Range"] == "bytes 0-9/100"
        assert reply.read() == b"0123456789"
        assert backend.hits_for("/api/v1/streams/tok/all.ts")[0].headers.get("Range") == "bytes=0-9"
    finally:
        gated.close()
    with pytest.raises(urllib.error.HTTPError) as closed:  # a closed playback's addresses lead nowhere
        urllib.request.urlopen(segment, timeout=10)
    assert closed.value.code == 404


@pytest.mark.parametrize(("asked", "status", "content_range", "body"), [
    ("bytes=10-19", 206, "bytes 10-19/100", bytes(range(10, 20))),
    ("bytes=95-", 206, "bytes 95-99/100", bytes(range(95, 100))),
    ("bytes=90-500", 206, "bytes 90-99/100", bytes(range(90, 100))),
    ("bytes=-5", 206, "bytes 95-99/100", bytes(range(95, 100))),
    ("bytes=100-", 416, "bytes */100", b""),
])
def test_a_backend_that_ignores_a_byte_range_is_cut_to_it(backend: Scripted, asked: str, status: int,
                                                          content_range: str, body: bytes) -> None:
    """CPython's http.server answers a Range request with 200 and the whole file (an HTTP server
    may): libVLC got the file from its start for each EXT-X-BYTERANGE segment and played the
    stream from its beginning, 18 s behind live after 18 s and ever more. The gate hands on the
    range asked for."""
    backend.on("GET", "/api/v1/streams/tok/sub.m3u8", playlist(media(
        "#EXTINF:2.0,", "#EXT-X-BYTERANGE:10@10", "all.ts")))
    backend.on("GET", "/api/v1/streams/tok/all.ts", Raw(200, bytes(range(100)), {"Content-Type": "video/mp2t"}))
    gated, [segment] = through_the_gate(backend)
    try:
        try:
            reply = urllib.request.urlopen(urllib.request.Request(segment, headers={"Range": asked}), timeout=10)
        except urllib.error.HTTPError as refused:
            reply = refused
        assert (reply.status, reply.headers["Content-Range"]) == (status, content_range)
        assert reply.read() == body
    finally:
        gated.close()


def test_a_connection_left_idle_at_the_gate_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another local program opening connections to the gate and leaving them: each held a thread
    for ever; one idle for IDLE_TIMEOUT_S (1 s here) is closed."""
    monkeypatch.setattr(hls_gate_module, "IDLE_TIMEOUT_S", 1.0)
    gate = hls_gate_module.HlsGate()
    with socket.create_connection(("127.0.0.1", gate.port), timeout=5) as idle:
        started = time.monotonic()
        assert idle.recv(1) == b""  # the gate hung up
        assert time.monotonic() - started < 3


def get(connection: socket.socket, path: str) -> bytes:
    connection.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
    return connection.recv(65536)


def test_connections_that_name_no_playback_make_room_past_the_bound(backend: Scripted,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Another local program opening connections to the gate and leaving them (or dripping a
    request a byte at a time) took a thread each without end, and with a bound alone it would
    take every place libVLC needs. Past MAX_CONNECTIONS (4 here) the oldest connection that named
    no playback is closed to make room; with every one naming a playback, the newcomer is."""
    monkeypatch.setattr(hls_gate_module, "MAX_CONNECTIONS", 4)
    gate = hls_gate_module.HlsGate()
    backend.on("GET", "/api/v1/streams/tok/sub.m3u8", playlist(media("#EXTINF:2.0,", "seg.ts")))
    gated = gate.open(f"{backend.url}/api/v1/streams/tok/sub.m3u8", lambda _words: None)
    path = "/" + gated.url.split("/", 3)[3]
    strangers = [socket.create_connection(("127.0.0.1", gate.port), timeout=5) for _ in range(4)]
    players: list[socket.socket] = []
    try:
        time.sleep(0.3)  # each taken by a thread of the gate
        for n in range(4):  # libVLC's connections: each one closes a stranger, the oldest first
            players.append(socket.create_connection(("127.0.0.1", gate.port), timeout=5))
            assert get(players[-1], path).startswith(b"HTTP/1.1 200")
            assert strangers[n].recv(1) == b""
        with socket.create_connection(("127.0.0.1", gate.port), timeout=5) as extra:
            assert extra.recv(1) == b""  # all four name a playback: the newcomer is closed
        players.pop().close()
        time.sleep(0.3)
        with socket.create_connection(("127.0.0.1", gate.port), timeout=5) as again:
            assert get(again, "/nothing").startswith(b"HTTP/1.1 404")  # a place again
    finally:
        gated.close()
        for connection in strangers + players:
            connection.close()


def test_a_backend_sending_more_than_its_content_length_cannot_answer_the_next_request(backend: Scripted) -> None:
    """Bytes past a reply's Content-Length waited on the kept connection and were read as the
    reply to the next request on it (another segment, or another playback's playlist): the gate
    closes such a connection instead of keeping it."""
    smuggled = b"HTTP/1.1 200 OK\r\nContent-Length: 9\r\nContent-Type: video/mp2t\r\n\r\nSMUGGLED!"

    def late_extra() -> Iterator[bytes]:
        yield b"AAAAA"
        time.sleep(0.2)  # after the gate has read the five bytes announced
        yield smuggled

    backend.on("GET", "/api/v1/streams/tok/sub.m3u8", playlist(media("#EXTINF:2.0,", "a.ts", "#EXTINF:2.0,", "b.ts")))
    backend.on("GET", "/api/v1/streams/tok/a.ts", Raw(200, late_extra(), {"Content-Length": "5",
                                                                          "Content-Type": "video/mp2t"}))
    backend.on("GET", "/api/v1/streams/tok/b.ts", Raw(200, b"BBBBB", {"Content-Type": "video/mp2t"}))
    gated, [first, second] = through_the_gate(backend)
    try:
        assert urllib.request.urlopen(first, timeout=10).read() == b"AAAAA"
        time.sleep(0.4)  # the extra bytes are on the connection by now
        assert urllib.request.urlopen(second, timeout=10).read() == b"BBBBB"
    finally:
        gated.close()


@pytest.mark.parametrize("ranged", [True, False])
def test_a_segment_cut_short_by_the_backend_ends_libvlc_s_connection_at_once(backend: Scripted, ranged: bool) -> None:
    """The backend announced more than it sent and hung up: libVLC was told the full length and
    then waited on the gate's connection for the rest, until the gate's idle timeout (60 s)."""
    backend.on("GET", "/api/v1/streams/tok/sub.m3u8", playlist(media("#EXTINF:2.0,", "all.ts")))
    backend.on("GET", "/api/v1/streams/tok/all.ts", Raw(200, b"0123456789ABCDE", {"Content-Length": "100",
                                                                                 "Connection": "close"}))
    gated, [segment] = through_the_gate(backend)
    try:
        path = "/" + segment.split("/", 3)[3]
        with socket.create_connection(("127.0.0.1", hls_gate_module.hls_gate().port), timeout=3) as connection:
            extra = "Range: bytes=10-19\r\n" if ranged else ""
            connection.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n{extra}\r\n".encode())
            received = b""
            while chunk := connection.recv(65536):  # socket.timeout (3 s) if the gate keeps it open
                received += chunk
        assert received.endswith(b"ABCDE" if ranged else b"0123456789ABCDE"), received
    finally:
        gated.close()
