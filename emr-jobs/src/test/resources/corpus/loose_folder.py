"""Lays the corpus out as a user's download folder: every export loose in one folder (names kept, a clash prefixed
with its institution), plus an OFX document nested 6,000 tags deep, the file that once stopped a whole batch."""
import shutil
import sys
from pathlib import Path

corpus, target = Path(sys.argv[1]), Path(sys.argv[2])
if target.exists():
    shutil.rmtree(target)
target.mkdir(parents=True)
for folder in sorted(p for p in corpus.iterdir() if (p / "institution.yml").exists()):
    for export in sorted(folder.iterdir()):
        if export.name.endswith(".expected.csv") or export.name == "institution.yml":
            continue
        name = export.name if not (target / export.name).exists() else f"{folder.name}-{export.name}"
        shutil.copyfile(export, target / name)
nested = "<OFX>" + "<A>" * 6000 + "x" + "</A>" * 6000 + "</OFX>"
(target / "nested-statement.ofx").write_text("OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\n\n" + nested + "\n")
print(f"{sum(1 for _ in target.iterdir())} files in {target}")
