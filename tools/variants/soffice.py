"""LibreOffice conversion shared by the variant builders."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def to_pdf(src: Path, out_dir: Path, profile_name: str, timeout: int = 300) -> Path:
    """Convert an office file to PDF with headless LibreOffice.

    Each builder uses its own profile so two builds can run at once.
    """
    profile = Path(tempfile.gettempdir()) / profile_name
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=timeout,
    )
    return out_dir / (src.stem + ".pdf")
