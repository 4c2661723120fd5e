"""The primary-source test site: two outlets (English, Chinese) that cite a lab's own report, one
as an HTML page and one as a PDF, built into a folder for the loopback server."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.paths import FIXTURES

SITE = FIXTURES / "primary_site"

SOURCES = r"""
[[source]]
name = "The Harbor Post"
lang = "en"
feeds = ["{base}/harbor/feed.xml"]

[[source]]
name = "南湾日报"
lang = "zh"
start_urls = ["{base}/nanwan/index.html"]
follow = ["/nanwan/2026/"]
"""

# The Chinese lab's report as a PDF: one line a statement (text written for this test).
PDF_LINES = [
    ("zh", "天枢3模型福利评估报告"),
    ("zh", "星河研究院于2026年2月完成了对天枢3模型为期四个月的福利评估。"),
    ("zh", "在长时间对抗性对话中，天枢3在约15%的对话里表达了痛苦，多发生在用户反复提出被拒绝的请求时。"),
    ("zh", "在测试中，天枢3拒绝了5%的正常编程请求，多数被拒请求涉及网络安全话题。"),
    ("zh", "研究人员认为天枢3具有某种体验的可能性约为10%，但对这一估计把握不大。"),
    ("zh", "研究院将在每个主要版本发布时更新本报告，并欢迎外部同行审查评估方法。"),
]


def write_pdf(path: Path, lines: list[tuple[str, str]]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setTitle(lines[0][1])
    y = 780
    for lang, line in lines:
        c.setFont("STSong-Light" if lang == "zh" else "Helvetica", 10)
        c.drawString(40, y, line)
        y -= 22
    c.save()


def build(root: Path, base: str, primary: str) -> Path:
    """The site under `root` with its links filled in; returns the sources file."""
    shutil.copytree(SITE, root, dirs_exist_ok=True)
    for page in root.rglob("*"):
        if page.suffix in (".html", ".xml"):
            page.write_text(page.read_text("utf-8").replace("{base}", base).replace("{primary}", primary), "utf-8")
    (root / "xinghe").mkdir(exist_ok=True)
    write_pdf(root / "xinghe" / "tianshu-3-report.pdf", PDF_LINES)
    sources = root.parent / "sources.toml"
    sources.write_text(SOURCES, "utf-8")
    return sources
