"""Download and cache RRUFF's infrared "Processed" zip, in the style of scikit-learn's fetchers."""

from __future__ import annotations

import hashlib
import os
import shutil
import urllib.error
import urllib.parse
import urllib.request
import warnings
import zipfile
from pathlib import Path

from sklearn.utils import Bunch

from ..utils._atomic import replacing
from .rruff import RRUFFFormatError, load_rruff, parse_rruff

__all__ = ["get_data_home", "fetch_rruff_ir", "rruff_ir_folder", "RRUFF_IR_URL"]

RRUFF_IR_URL = "https://rruff.info/zipped_data_files/infrared/Processed.zip"
_ZIP_NAME = "rruff_infrared_processed.zip"


def get_data_home(data_home: str | os.PathLike | None = None) -> Path:
    """Cache folder: ``data_home``, else ``$SKLEARN_TEANET_DATA``, else ``~/sklearn_teanet_data``."""
    if data_home is None:
        data_home = os.environ.get("SKLEARN_TEANET_DATA", Path.home() / "sklearn_teanet_data")
    path = Path(data_home).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def rruff_ir_folder(data_home: str | os.PathLike | None = None) -> Path:
    """Where the benchmarks look for RRUFF's infrared "Processed" spectra: ``<data home>/rruff_ir/Processed``.

    That folder holds the unpacked RRUFF zip, and ``paper_class_names.txt`` sits
    beside it (the paper's class list). Point ``$SKLEARN_TEANET_DATA`` at the
    folder that holds ``rruff_ir/``; the folder is not created.

    Parameters
    ----------
    data_home : path-like or None, default=None
        See :func:`get_data_home`.

    Returns
    -------
    path : Path
    """
    if data_home is None:
        data_home = os.environ.get("SKLEARN_TEANET_DATA", Path.home() / "sklearn_teanet_data")
    return Path(data_home).expanduser() / "rruff_ir" / "Processed"


def _check_zip(path: Path) -> None:
    """Raise unless ``path`` is an undamaged zip (every member's CRC) holding a readable spectrum.

    Single malformed spectra are left to the loader's ``on_error``: one bad file
    among hundreds must not throw the whole download away.
    """
    if not zipfile.is_zipfile(path):
        raise ValueError("not a zip file (truncated, or an error page saved instead)")
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
            if bad is not None:
                raise ValueError(f"member {bad} of the zip is corrupt")
            members = [i for i in archive.infolist() if i.filename.lower().endswith(".txt")]
            for info in members:
                try:
                    parse_rruff(archive.read(info), source=info.filename)
                    return
                except RRUFFFormatError:
                    continue
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise ValueError(f"damaged zip ({error})") from None
    raise ValueError("the zip holds no readable RRUFF .txt spectrum")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _cached_zip_is_intact(target: Path) -> bool:
    """Whether the cached zip is the one that was checked when it was cached.

    A checksum written next to it after the check makes the common case one
    hash; a zip put there by hand is checked in full once, then gets its checksum.
    """
    checksum = _checksum_file(target)
    if checksum.exists() and checksum.read_text().strip() == _sha256(target):
        return True
    try:
        _check_zip(target)
    except (ValueError, RRUFFFormatError):
        return False
    _write_checksum(target)
    return True


def _checksum_file(target: Path) -> Path:
    return target.with_name(target.name + ".sha256")


def _write_checksum(target: Path) -> None:
    with replacing(_checksum_file(target)) as partial:
        partial.write_text(_sha256(target) + "\n")


def fetch_rruff_ir(
    data_home: str | os.PathLike | None = None,
    *,
    url: str = RRUFF_IR_URL,
    download_if_missing: bool = True,
    timeout: float = 60.0,
    **load_params,
) -> Bunch:
    """Load RRUFF's infrared "Processed" spectra, downloading the zip once.

    The zip is written to a temporary file in the cache folder, checked (it must
    open and every spectrum must parse), and only then moved into place, so a
    failed or interrupted download never leaves a partial file behind.

    Parameters
    ----------
    data_home : path-like or None, default=None
        Cache folder; see :func:`~sklearn_teanet.data.get_data_home`.
    url : str, default=RRUFF_IR_URL
        Where to download from.
    download_if_missing : bool, default=True
        If False and the zip is not cached, raise an OSError.
    timeout : float, default=60
        Seconds to wait for the server.
    **load_params
        Passed to :func:`~sklearn_teanet.load_rruff`
        (``wavenumber_range``, ``classes``, ``n_points``, ...).

    Returns
    -------
    data : Bunch
        As :func:`~sklearn_teanet.load_rruff`.
    """
    from filelock import FileLock

    scheme = urllib.parse.urlparse(url).scheme
    if scheme not in ("http", "https", "file"):
        raise ValueError(f"url must start with http://, https:// or file://, got {url!r}.")
    home = get_data_home(data_home)
    target = home / _ZIP_NAME
    # One process downloads at a time; the others wait and then find the zip cached.
    with FileLock(str(target) + ".lock"):
        for stale in home.glob(target.name + "*.part"):
            stale.unlink(missing_ok=True)  # left by a process that was killed mid-download
        if target.exists() and not _cached_zip_is_intact(target):
            if not download_if_missing:
                raise OSError(f"The cached {target} is damaged; delete it (or allow a download) to fetch it again.")
            warnings.warn(f"The cached {target} is damaged; fetching it again.", stacklevel=2)
            target.unlink()
        if not target.exists():
            if not download_if_missing:
                raise OSError(f"{target} is not cached and download_if_missing=False.")
            _download(url, target, timeout)
    return load_rruff(target, **load_params)


def _download(url: str, target: Path, timeout: float) -> None:
    try:
        with replacing(target) as partial:
            with open(partial, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
                shutil.copyfileobj(response, out)
            _check_zip(partial)
        _write_checksum(target)
    except (urllib.error.URLError, OSError) as error:
        raise OSError(
            f"Could not download the RRUFF infrared spectra from {url} ({error}). Download the zip by hand "
            f"from a machine with internet access, then either copy it to {target} or pass its path to "
            f"sklearn_teanet.data.load_rruff(path) (on the command line, --dataset path/to/the.zip)."
        ) from error
    except (ValueError, RRUFFFormatError) as error:
        raise OSError(f"The download from {url} failed its integrity check: {error}. Nothing was cached.") from error
