"""Architecture pictures: renders png/src/<name>.dot to png/<name>.png and checks that every picture is current.

Graphviz's PNG bytes differ between its versions, so a picture is not compared with a fresh rendering. Instead
each PNG carries tEXt chunks naming the sha256 of the source it was drawn from and how it was drawn; `check`
compares those with the sources (standard library only, no Graphviz), `render` redraws what is stale.

    python3 png/diagrams.py render [--all] [--dot /usr/bin/dot]   # make diagrams
    python3 png/diagrams.py check                                 # exit 1 and one line per stale picture
"""

from __future__ import annotations

import argparse
import hashlib
import struct
import subprocess
import sys
import zlib
from pathlib import Path

PNG_DIR = Path(__file__).resolve().parent
SRC_DIR = PNG_DIR / "src"
SOURCE_SUFFIX = ".dot"
# How every picture is drawn: cairo PNG at 110 dpi (about 1,700-2,500 px wide; readable when GitHub scales it down).
RENDER_ARGS = ("-Tpng:cairo", "-Gdpi=110")

KEY_SOURCE = "sparkflow:source-sha256"
KEY_ARGS = "sparkflow:render-args"
KEY_RENDERER = "sparkflow:renderer"
SIGNATURE = b"\x89PNG\r\n\x1a\n"


def source_digest(source: Path) -> str:
    """sha256 of a source's text, line endings normalised so a Windows checkout stamps the same."""
    return hashlib.sha256(source.read_bytes().replace(b"\r\n", b"\n")).hexdigest()


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    """The PNG's (type, data) chunks in order; ValueError for anything that is not a well-formed PNG."""
    if not png.startswith(SIGNATURE):
        raise ValueError("not a PNG: bad signature")
    found, at = [], len(SIGNATURE)
    while at < len(png):
        if at + 12 > len(png):
            raise ValueError(f"truncated chunk at byte {at}")
        (length,) = struct.unpack(">I", png[at:at + 4])
        kind, data = png[at + 4:at + 8], png[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", png[at + 8 + length:at + 12 + length])
        if len(data) != length or zlib.crc32(kind + data) != crc:
            raise ValueError(f"chunk {kind!r} at byte {at}: bad length or CRC")
        found.append((kind, data))
        at += 12 + length
    if not found or found[0][0] != b"IHDR" or found[-1][0] != b"IEND":
        raise ValueError("chunks must start with IHDR and end with IEND")
    return found


def text_fields(png: bytes) -> dict[str, str]:
    """The PNG's tEXt chunks as keyword -> text."""
    fields = {}
    for kind, data in chunks(png):
        if kind == b"tEXt":
            keyword, _, text = data.partition(b"\0")
            fields[keyword.decode("latin-1")] = text.decode("latin-1")
    return fields


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def stamp(png: bytes, fields: dict[str, str]) -> bytes:
    """The PNG with these tEXt fields right after IHDR, replacing earlier ones of the same keywords."""
    out = [SIGNATURE]
    for kind, data in chunks(png):
        if kind == b"tEXt" and data.partition(b"\0")[0].decode("latin-1") in fields:
            continue
        out.append(_chunk(kind, data))
        if kind == b"IHDR":
            out += [_chunk(b"tEXt", k.encode("latin-1") + b"\0" + v.encode("latin-1")) for k, v in fields.items()]
    return b"".join(out)


def pairs(png_dir: Path = PNG_DIR) -> tuple[dict[str, Path], dict[str, Path]]:
    """Sources and pictures by name: png/src/<name>.dot and png/<name>.png."""
    sources = {p.stem: p for p in sorted((png_dir / "src").glob("*" + SOURCE_SUFFIX))}
    pictures = {p.stem: p for p in sorted(png_dir.glob("*.png"))}
    return sources, pictures


def problems(png_dir: Path = PNG_DIR) -> dict[str, str]:
    """Name -> what is wrong, for each picture that is missing, orphaned, unreadable or not drawn from its source."""
    sources, pictures = pairs(png_dir)
    found = {}
    for name in sorted(sources.keys() | pictures.keys()):
        source, picture = sources.get(name), pictures.get(name)
        if picture is None:
            found[name] = f"png/{name}.png is missing: run make diagrams"
        elif source is None:
            found[name] = f"png/{name}.png has no source png/src/{name}{SOURCE_SUFFIX}: add one or delete the picture"
        else:
            try:
                fields = text_fields(picture.read_bytes())
            except ValueError as e:
                found[name] = f"png/{name}.png is not a valid PNG ({e}): run make diagrams"
                continue
            args = " ".join(RENDER_ARGS)
            if KEY_SOURCE not in fields:
                found[name] = f"png/{name}.png has no {KEY_SOURCE} stamp: run make diagrams"
            elif fields[KEY_SOURCE] != source_digest(source):
                found[name] = (f"png/{name}.png is stale: png/src/{name}{SOURCE_SUFFIX} changed since it was drawn;"
                               " run make diagrams")
            elif fields.get(KEY_ARGS) != args:
                found[name] = f"png/{name}.png was drawn with '{fields.get(KEY_ARGS)}', not '{args}': run make diagrams"
    return found


def renderer_version(dot: str) -> str:
    """Graphviz's own version line, e.g. 'dot - graphviz version 2.43.0 (0)'."""
    return subprocess.run([dot, "-V"], capture_output=True, text=True, check=True).stderr.strip()


def render(source: Path, picture: Path, dot: str, version: str) -> None:
    """Draws one source and stamps it; the picture is replaced only once the new one is complete."""
    drawn = subprocess.run([dot, *RENDER_ARGS, str(source)], capture_output=True, check=True).stdout
    partial = picture.with_suffix(".png.partial")
    partial.write_bytes(stamp(drawn, {KEY_SOURCE: source_digest(source), KEY_ARGS: " ".join(RENDER_ARGS),
                                      KEY_RENDERER: version}))
    partial.replace(picture)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    draw = commands.add_parser("render", help="draw the pictures whose source changed")
    draw.add_argument("--all", action="store_true", help="draw every picture, current or not")
    draw.add_argument("--dot", default="dot", help="the Graphviz dot executable")
    commands.add_parser("check", help="exit 1 when a picture is missing, orphaned or stale")
    args = parser.parse_args(argv)

    found = problems()
    if args.command == "check":
        for line in found.values():
            print(line, file=sys.stderr)
        if not found:
            print(f"png/: {len(pairs()[0])} pictures, each drawn from its current source")
        return 1 if found else 0

    sources, pictures = pairs()
    version = renderer_version(args.dot)
    for name, source in sources.items():
        if args.all or name in found:
            render(source, PNG_DIR / f"{name}.png", args.dot, version)
            print(f"drew png/{name}.png from png/src/{source.name} ({version})")
        else:
            print(f"png/{name}.png is current")
    orphans = sorted(pictures.keys() - sources.keys())
    for name in orphans:
        print(found[name], file=sys.stderr)
    return 1 if orphans else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
