"""The architecture pictures are current with their sources; the check that says so can fail. No Graphviz needed."""

import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib
from pathlib import Path

PNG_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PNG_DIR))

import diagrams  # noqa: E402  (png/ is not a package: the script runs on its own)

README = PNG_DIR.parent / "README.md"


def decoded_size(png: bytes) -> tuple[int, int, int]:
    """Width, height and the length of the inflated image data, which a non-interlaced PNG fixes exactly."""
    chunks = diagrams.chunks(png)
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[0][1])
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    assert interlace == 0, "Graphviz writes non-interlaced PNGs"
    pixels = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    expected = height * (1 + (width * channels * depth + 7) // 8)
    return width, height, len(pixels) - expected


class CommittedPicturesTest(unittest.TestCase):
    def test_every_picture_is_drawn_from_its_current_source(self):
        self.assertEqual(diagrams.problems(), {})

    def test_there_are_pictures_to_check(self):
        sources, pictures = diagrams.pairs()
        self.assertGreaterEqual(len(sources), 3)
        self.assertEqual(sources.keys(), pictures.keys())

    def test_every_picture_is_a_complete_png_of_a_readable_size(self):
        for picture in diagrams.pairs()[1].values():
            with self.subTest(picture.name):
                width, height, surplus = decoded_size(picture.read_bytes())
                self.assertEqual(surplus, 0, "the image data inflates to exactly its rows")
                self.assertGreaterEqual(min(width, height), 1000, "drawn large enough to read")

    def test_the_readme_embeds_every_picture(self):
        readme = README.read_text(encoding="utf-8")
        for name in diagrams.pairs()[1]:
            with self.subTest(name):
                self.assertTrue(f"](png/{name}.png)" in readme, f"README.md does not embed png/{name}.png")


class StalenessCheckTest(unittest.TestCase):
    """On a temporary copy of png/, so the committed pictures are never touched."""

    def setUp(self):
        self.tmp = Path(tempfile.mkdtemp(prefix="diagrams-test-"))
        self.addCleanup(shutil.rmtree, self.tmp)
        self.copy = self.tmp / "png"
        shutil.copytree(PNG_DIR, self.copy, ignore=shutil.ignore_patterns("tests", "__pycache__"))
        self.name = sorted(diagrams.pairs(self.copy)[0])[0]
        self.source = self.copy / "src" / f"{self.name}{diagrams.SOURCE_SUFFIX}"
        self.picture = self.copy / f"{self.name}.png"

    def test_a_fresh_copy_passes(self):
        self.assertEqual(diagrams.problems(self.copy), {})

    def test_an_edited_source_makes_its_picture_stale(self):
        self.source.write_text(self.source.read_text(encoding="utf-8") + "// one more line\n", encoding="utf-8")
        found = diagrams.problems(self.copy)
        self.assertEqual(list(found), [self.name])
        self.assertIn("is stale", found[self.name])

    def test_windows_line_endings_alone_do_not_make_a_picture_stale(self):
        self.source.write_bytes(self.source.read_bytes().replace(b"\n", b"\r\n"))
        self.assertEqual(diagrams.problems(self.copy), {})

    def test_a_source_without_a_picture_is_reported(self):
        self.picture.unlink()
        self.assertIn("is missing", diagrams.problems(self.copy)[self.name])

    def test_a_picture_without_a_source_is_reported(self):
        shutil.copy(self.picture, self.copy / "orphan.png")
        self.assertIn("has no source", diagrams.problems(self.copy)["orphan"])

    def test_a_picture_without_the_stamp_is_reported(self):
        unstamped = [(k, d) for k, d in diagrams.chunks(self.picture.read_bytes()) if k != b"tEXt"]
        self.picture.write_bytes(diagrams.SIGNATURE + b"".join(diagrams._chunk(k, d) for k, d in unstamped))
        self.assertIn("no sparkflow:source-sha256 stamp", diagrams.problems(self.copy)[self.name])

    def test_a_picture_drawn_with_other_settings_is_reported(self):
        png = self.picture.read_bytes()
        self.picture.write_bytes(diagrams.stamp(png, {diagrams.KEY_ARGS: "-Tpng:cairo -Gdpi=72"}))
        self.assertIn("was drawn with '-Tpng:cairo -Gdpi=72'", diagrams.problems(self.copy)[self.name])

    def test_a_damaged_picture_is_reported(self):
        png = bytearray(self.picture.read_bytes())
        png[len(png) // 2] ^= 0xFF
        self.picture.write_bytes(bytes(png))
        self.assertIn("not a valid PNG", diagrams.problems(self.copy)[self.name])

    def test_the_check_command_exits_1_and_names_the_stale_picture(self):
        self.source.write_text(self.source.read_text(encoding="utf-8") + "// edited\n", encoding="utf-8")
        result = subprocess.run([sys.executable, str(self.copy / "diagrams.py"), "check"],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 1)
        self.assertIn(f"png/{self.name}.png is stale", result.stderr)


class StampTest(unittest.TestCase):
    def setUp(self):
        self.png = next(iter(diagrams.pairs()[1].values())).read_bytes()

    def test_restamping_replaces_the_fields_and_keeps_the_image(self):
        again = diagrams.stamp(diagrams.stamp(self.png, {diagrams.KEY_SOURCE: "a"}), {diagrams.KEY_SOURCE: "b"})
        self.assertEqual(diagrams.text_fields(again)[diagrams.KEY_SOURCE], "b")
        self.assertEqual([k for k, _ in diagrams.chunks(again)].count(b"tEXt"), 3)
        image = [c for c in diagrams.chunks(self.png) if c[0] != b"tEXt"]
        self.assertEqual([c for c in diagrams.chunks(again) if c[0] != b"tEXt"], image)

    def test_the_stamp_follows_ihdr_as_the_png_specification_allows(self):
        kinds = [k for k, _ in diagrams.chunks(diagrams.stamp(self.png, {"x": "y"}))]
        self.assertEqual(kinds[0], b"IHDR")
        self.assertEqual(kinds[-1], b"IEND")
        self.assertLess(kinds.index(b"tEXt"), kinds.index(b"IDAT"))

    def test_a_file_that_is_not_a_png_is_refused(self):
        with self.assertRaisesRegex(ValueError, "bad signature"):
            diagrams.chunks(b"GIF89a")


if __name__ == "__main__":
    unittest.main()
