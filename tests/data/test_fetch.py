"""fetch: tests moved from test_bad_inputs.py, test_rruff.py."""

import http.server
import io
import threading
import zipfile

import numpy as np
import pytest
from spectrum_files import short_rruff_text, write_collection

from sklearn_teanet.data import (
    fetch_rruff_ir,
)


def _zip_of(files: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return buffer.getvalue()


def _serve(body: bytes):
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/Processed.zip"


GOOD = {f"Processed/{m}__R{k}__x.txt": short_rruff_text(m) for k, m in enumerate(["Quartz", "Calcite", "Talc"])}


class _Server:
    """A local HTTP server on 127.0.0.1 that serves fixed bytes or a status code."""

    def __init__(self, body: bytes = b"", status: int = 200):
        body_, status_ = body, status

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(status_)
                self.send_header("Content-Length", str(len(body_)))
                self.end_headers()
                self.wfile.write(body_)

            def log_message(self, *args):
                pass

        self.httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/Processed.zip"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def zip_bytes(tmp_path) -> bytes:
    folder = write_collection(tmp_path / "src")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for f in folder.iterdir():
            z.write(f, f"Processed/{f.name}")
    return buffer.getvalue()


def test_a_damaged_cached_zip_is_fetched_again(tmp_path):
    server, url = _serve(_zip_of(GOOD))
    try:
        fetch_rruff_ir(tmp_path, url=url)
        cached = tmp_path / "rruff_infrared_processed.zip"
        cached.write_bytes(cached.read_bytes()[:100])  # half-written by a crash or a full disk
        with pytest.warns(UserWarning, match="damaged; fetching it again"):
            data = fetch_rruff_ir(tmp_path, url=url)
        assert len(data.data) == 3
        cached.write_bytes(cached.read_bytes()[:100])
        with pytest.raises(OSError, match="rruff_infrared_processed.zip is damaged; delete it"):
            fetch_rruff_ir(tmp_path, url=url, download_if_missing=False)
    finally:
        server.shutdown()


def test_one_malformed_spectrum_does_not_discard_the_download(tmp_path):
    files = dict(GOOD, **{"Processed/Broken__R9__x.txt": "##NAMES=Broken\n400, abc\n##END=\n"})
    server, url = _serve(_zip_of(files))
    try:
        with pytest.warns(UserWarning, match="skipped: .*Broken"):
            data = fetch_rruff_ir(tmp_path, url=url, on_error="warn")
    finally:
        server.shutdown()
    assert len(data.data) == 3


def test_stale_part_files_are_removed(tmp_path):
    stale = tmp_path / "rruff_infrared_processed.zip1234.part"
    stale.write_bytes(b"half")
    server, url = _serve(_zip_of(GOOD))
    try:
        fetch_rruff_ir(tmp_path, url=url)
    finally:
        server.shutdown()
    assert not stale.exists()


def test_a_malformed_url_is_named(tmp_path):
    with pytest.raises(ValueError, match=r"url must start with http://.*'ftp//nonsense'"):
        fetch_rruff_ir(tmp_path, url="ftp//nonsense")


def test_fetch_downloads_once_and_caches(tmp_path, monkeypatch):
    monkeypatch.setenv("SKLEARN_TEANET_DATA", str(tmp_path / "cache"))
    with _Server(zip_bytes(tmp_path)) as server:
        data = fetch_rruff_ir(url=server.url, wavenumber_range=(400, 4000))
    assert data.data.shape[0] == 6
    cached = sorted(p.name for p in (tmp_path / "cache").iterdir() if p.suffix != ".lock")
    assert cached == ["rruff_infrared_processed.zip", "rruff_infrared_processed.zip.sha256"]
    # Cached: no server needed the second time.
    again = fetch_rruff_ir(url="http://127.0.0.1:9/unreachable", wavenumber_range=(400, 4000))
    assert np.array_equal(again.data, data.data)


def test_fetch_truncated_zip_leaves_nothing(tmp_path):
    body = zip_bytes(tmp_path)
    with _Server(body[: len(body) // 2]) as server, pytest.raises(OSError, match="integrity check"):
        fetch_rruff_ir(tmp_path / "cache", url=server.url)
    assert [p for p in (tmp_path / "cache").iterdir() if p.suffix != ".lock"] == []


def test_fetch_404_explains_manual_download(tmp_path):
    with _Server(b"not here", status=404) as server, pytest.raises(OSError, match="Download the zip by hand"):
        fetch_rruff_ir(tmp_path / "cache", url=server.url)
    assert [p for p in (tmp_path / "cache").iterdir() if p.suffix != ".lock"] == []
    with pytest.raises(OSError, match="download_if_missing=False"):
        fetch_rruff_ir(tmp_path / "cache", download_if_missing=False)
