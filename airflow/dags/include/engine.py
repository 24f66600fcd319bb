"""Which engine runs a batch's jobs: Spark in local mode on this instance, or a transient EMR cluster."""

from __future__ import annotations

LOCAL, EMR = "local", "emr"


def landed_bytes(batch: dict) -> int:
    """The bytes the batch's jobs will read: every landed file's size (find_landed_files lists them)."""
    return sum(f["bytes"] for f in batch["files"])


def choose(landed: int, execution: str, threshold: int) -> tuple[str, str]:
    """
    (engine, reason): a lake on local disk (SPARKFLOW_EXECUTION=local) always takes the local engine; on S3 a batch
    below the threshold runs on this instance (no cluster to wait for), one at or above it on EMR.
    """
    if execution == LOCAL:
        return LOCAL, f"engine: local (landed {human(landed)}; SPARKFLOW_EXECUTION=local: the lake is on this disk)"
    if landed < threshold:
        return LOCAL, f"engine: local (landed {human(landed)} < {human(threshold)} threshold)"
    return EMR, f"engine: emr (landed {human(landed)} >= {human(threshold)} threshold)"


def human(n: int) -> str:
    """Bytes for people, binary units: 412 KB, 3.1 GB; whole numbers lose their .0 (256 MB)."""
    value, unit = float(n), "B"
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            break
        value /= 1024
    text = f"{value:.0f}" if unit == "B" or value >= 100 else f"{value:.1f}".removesuffix(".0")
    return f"{text} {unit}"
