"""Download and cache RRUFF's infrared "Processed" zip, in the style of scikit-learn's fetchers."""

from __future__ import annotations

import os
import shutil
import tempfile
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

from sklearn.utils import Bunch

from .rruff import RRUFFFormatError, load_rruff, parse_rruff

__all__ = ["get_data_home", "fetch_rruff_ir", "RRUFF_IR_URL"]

RRUFF_IR_URL = "https://rruff.info/zipped_data_files/infrared/Processed.zip"
_ZIP_NAME = "rruff_infrared_processed.zip"


def get_data_home(data_home: str | os.PathLike | None = None) -> Path:
    """Cache folder: ``data_home``, else ``$SKLEARN_TEANET_DATA``, else ``~/sklearn_teanet_data``."""
    if data_home is None:
        data_home = os.environ.get("SKLEARN_TEANET_DATA", Path.home() / "sklearn_teanet_data")
    path = Path(data_home).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _check_zip(path: Path) -> None:
    """Raise unless ``path`` is a zip whose ``.txt`` members all parse as RRUFF spectra."""
    if not zipfile.is_zipfile(path):
        raise ValueError("the download is not a zip file (truncated or an error page)")
    with zipfile.ZipFile(path) as archive:
        bad = archive.testzip()
        if bad is not None:
            raise ValueError(f"member {bad} of the zip is corrupt")
        members = [i for i in archive.infolist() if i.filename.lower().endswith(".txt")]
        if not members:
            raise ValueError("the zip holds no .txt spectrum")
        for info in members:
            parse_rruff(archive.read(info), source=info.filename)


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
        Cache folder; see :func:`get_data_home`.
    url : str, default=RRUFF_IR_URL
        Where to download from.
    download_if_missing : bool, default=True
        If False and the zip is not cached, raise an OSError.
    timeout : float, default=60
        Seconds to wait for the server.
    **load_params
        Passed to :func:`~sklearn_teanet.data.rruff.load_rruff`
        (``wavenumber_range``, ``classes``, ``n_points``, ...).

    Returns
    -------
    data : Bunch
        As :func:`~sklearn_teanet.data.rruff.load_rruff`.
    """
    home = get_data_home(data_home)
    target = home / _ZIP_NAME
    if not target.exists():
        if not download_if_missing:
            raise OSError(f"{target} is not cached and download_if_missing=False.")
        _download(url, target, timeout)
    return load_rruff(target, **load_params)


def _download(url: str, target: Path, timeout: float) -> None:
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=target.name, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            shutil.copyfileobj(response, out)
        _check_zip(Path(partial))
        os.replace(partial, target)
    except (urllib.error.URLError, OSError) as error:
        Path(partial).unlink(missing_ok=True)
        raise OSError(
            f"Could not download the RRUFF infrared spectra from {url} ({error}). Download the zip by hand "
            f"from a machine with internet access, then either copy it to {target} or pass its path to "
            f"sklearn_teanet.data.load_rruff(path)."
        ) from error
    except (ValueError, RRUFFFormatError) as error:
        Path(partial).unlink(missing_ok=True)
        raise OSError(f"The download from {url} failed its integrity check: {error}. Nothing was cached.") from error
    except BaseException:
        Path(partial).unlink(missing_ok=True)  # Ctrl-C included: no partial file stays
        raise
