"""Make the generated corpus: PDFs and expected records under tests/generated/.

    .venv/bin/python tools/generate/build.py                 # 22 decks + 22 workbooks
    .venv/bin/python tools/generate/build.py --count 5 --seed 7 --out /tmp/g
    .venv/bin/python tools/generate/build.py dx_003 ap_010   # some documents again

Needs python-pptx, openpyxl and LibreOffice (soffice) with the IPAex and Noto
CJK fonts (see tests/generated/README.md); the tests need none of them.
All office files of a run are converted in one soffice call per kind.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import argparse
import shutil
import subprocess
import tempfile

from tools.generate import corpus


def convert(srcs: list[Path], out_dir: Path, profile: str) -> None:
    """One LibreOffice run for many files (it is slow to start)."""
    if not srcs:
        return
    user = Path(tempfile.gettempdir()) / profile
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{user}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            *map(str, srcs),
        ],
        check=True,
        capture_output=True,
        timeout=3600,
    )


def rotate(name: str, seed: int, pdf: Path, target: Path) -> bool:
    """Turn the pages the document's data says to turn, into target."""
    if name.startswith("dx_"):
        from tools.generate import dx_doc
        from tools.variants.dx import build as dxb

        deck = dx_doc.draw(seed, name)
        if deck.rotate:
            dxb.rotate_pages(pdf, target, deck.rotate, (False,) * len(deck.rotate))
        return bool(deck.rotate)
    from tools.generate import ap_doc
    from tools.variants.ap import build as apb

    turns = ap_doc.draw(seed, name).style.get("rotate", ())
    if turns:
        apb.rotate_pages(pdf, turns)
        shutil.copyfile(pdf, target)
    return bool(turns)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("names", nargs="*")
    ap.add_argument("--seed", type=int, default=corpus.CORPUS_SEED)
    ap.add_argument("--count", type=int, default=corpus.DEFAULT_COUNT, help="documents per kind")
    ap.add_argument("--out", type=Path, default=corpus.OUT)
    args = ap.parse_args(argv)
    wanted = args.names or [n for k in corpus.KINDS for n in corpus.names(k, args.count)]
    args.out.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        office: dict[str, list[Path]] = {"dx": [], "ap": []}
        for name in wanted:
            seed = corpus.document_seed(args.seed, name)
            if name.startswith("dx_"):
                from tools.generate import dx_doc, render_dx

                deck = dx_doc.draw(seed, name)
                src = tmp / f"{name}.pptx"
                render_dx.build_pptx(deck, src)
                office["dx"].append(src)
            else:
                from tools.generate import ap_doc, render_ap

                doc = ap_doc.draw(seed, name)
                src = tmp / f"{name}.xlsx"
                render_ap.write_xlsx(doc, src)
                office["ap"].append(src)
        for kind, srcs in office.items():
            convert(srcs, tmp, f"dxparse_generate_{kind}")
        for name in wanted:
            pdf = tmp / f"{name}.pdf"
            target = args.out / f"{name}.pdf"
            turned = rotate(name, corpus.document_seed(args.seed, name), pdf, target)
            if not turned:
                shutil.copyfile(pdf, target)
            data = corpus.expected_records(name, args.seed)
            if name.startswith("ap_"):
                from tools.generate import ap_doc, render_ap

                theirs = render_ap.builder_expected(
                    ap_doc.draw(corpus.document_seed(args.seed, name), name)
                )
                if corpus.dumps(theirs) != corpus.dumps(data):
                    problems.append(f"{name}: expected rows differ from the variant builder's")
            (args.out / f"{name}.json").write_text(corpus.dumps(data), encoding="utf-8")
            from tools.generate import check

            # pdfplumber reads turned pages sideways: only their count is checked.
            found = check.check(target, data, text=not turned)
            problems += [f"{name}: {p}" for p in found]
            print(
                f"{name}: {data['documents'][0]['pages']} pages, "
                + ", ".join(f"{k} {len(v)}" for k, v in data.items() if k != "documents")
                + ("" if not found else f"; {len(found)} CHECK problems")
            )
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
