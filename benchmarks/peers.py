"""The peers: the same handouts and guides (content.py) made with pdflatex + the exam class, and with WeasyPrint.

Each engine gets the content already written out in its own idiom (the time to
write the .tex and .html files is not counted) and runs as its users run it:
pdflatex twice per document (the exam class's "Page N of M" needs the second
run), WeasyPrint warm in one Python process per core. Both use the two cores,
as `lessonpress build --jobs 2` does.

    apt-get install texlive-latex-extra texlive-fonts-recommended   # pdflatex, exam.cls, lineno
    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install weasyprint   # found through PATH or $BENCH_WEASYPRINT
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from content import ANSWER_LINE_MM, GUTTER_MM, LEADING, MARGINS_MM, SIZES, Block

_TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "_": r"\_",
                "%": r"\%", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "•": r"\textbullet{}", "\n": r"\newline "}
_TEX_SAFE = re.compile("[^\u0000-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022]")  # what inputenc + T1 can set


def tex_escape(text: str) -> str:
    text = _TEX_SAFE.sub("?", text)  # pdflatex cannot set 大跃进 without a CJK package: the peer is spared it
    return "".join(_TEX_SPECIAL.get(c, c) for c in text)


def tex(blocks: list[Block], exam: bool) -> str:
    """A LaTeX exam-class document; `exam`: questions are the class's numbered questions with ruled lines."""
    m = MARGINS_MM
    out = [r"\documentclass[12pt,letterpaper]{exam}", r"\usepackage[utf8]{inputenc}", r"\usepackage[T1]{fontenc}",
           r"\usepackage{mathptmx}\usepackage[scaled=0.92]{helvet}\usepackage{tabularx}\usepackage[table]{xcolor}",
           rf"\usepackage[left={m['left']}mm,right={m['right']}mm,top={m['top']}mm,bottom={m['bottom']}mm]{{geometry}}",
           r"\usepackage[modulo]{lineno}\modulolinenumbers[5]", rf"\setlength{{\linenumbersep}}{{{GUTTER_MM / 2}mm}}",
           r"\pagestyle{headandfoot}\runningheader{Lesson title}{}{}\footer{World History}{}{Page \thepage\ of \numpages}",
           rf"\setlength{{\linefillheight}}{{{ANSWER_LINE_MM}mm}}\definecolor{{box}}{{HTML}}{{EEF3F8}}",
           r"\begin{document}"]
    in_questions = False
    for block in blocks:
        text = tex_escape(block.text)
        if in_questions and block.kind != "question":
            out.append(r"\end{questions}")
            in_questions = False
        if block.kind == "title":
            out.append(rf"{{\sffamily\bfseries\LARGE {text}\par}}\medskip")
        elif block.kind == "fields":
            out.append(r"\noindent\makebox[\textwidth]{Name:\enspace\hrulefill\enspace Date:\enspace\hrulefill\enspace Class:\enspace\hrulefill}\par")
        elif block.kind == "box":
            out.append(rf"\par\noindent\colorbox{{box}}{{\parbox{{\dimexpr\linewidth-2\fboxsep}}{{\sffamily\small {text}}}}}\par\medskip")
        elif block.kind == "heading":
            out.append(rf"\subsection*{{\sffamily {text}}}")
        elif block.kind == "small":
            out.append(rf"{{\sffamily\small {text}\par}}")
        elif block.kind == "italic":
            out.append(rf"{{\small\itshape {text}\par}}")
        elif block.kind == "excerpt":
            paragraphs = "\n\n".join(tex_escape(p) for p in block.paragraphs)
            out.append(rf"\begin{{linenumbers}}\begin{{quote}}{paragraphs}\end{{quote}}\end{{linenumbers}}")
        elif block.kind == "table":
            columns = "|".join(["l"] + ["X"] * (max(len(r) for r in block.rows) - 1))
            rows = "\\\\ \\hline\n".join(" & ".join(tex_escape(c) for c in row) for row in block.rows)
            out.append(rf"\par\noindent{{\sffamily\small\begin{{tabularx}}{{\linewidth}}{{|{columns}|}}\hline {rows}\\ \hline\end{{tabularx}}}}\par")
        elif block.kind == "question" and exam:
            if not in_questions:
                out.append(r"\begin{questions}")
                in_questions = True
            body = tex_escape(re.sub(r"^\d+\. ", "", block.text))
            out.append(rf"\question {body}")
            if block.grid:
                columns = max((len(r) for r in block.rows), default=2)
                head = [" & ".join(tex_escape(c) for c in row) for row in block.rows]
                body = [rf"{tex_escape(label)}" + r" & \rule{0pt}{20mm}" * (columns - 1) for label in block.grid]
                rows = "\\\\ \\hline\n".join(head + body)
                out.append(rf"\par\noindent\begin{{tabularx}}{{\linewidth}}{{|p{{0.3\linewidth}}|{'X|' * (columns - 1)}}}\hline {rows}\\ \hline\end{{tabularx}}")
            if block.lines:
                out.append(rf"\fillwithlines{{{block.lines * ANSWER_LINE_MM}mm}}")
        elif block.kind == "question":
            out.append(rf"\par\medskip{{\sffamily\bfseries {text}\par}}")
        else:
            out.append(rf"{text}\par")
    if in_questions:
        out.append(r"\end{questions}")
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


_CSS = f"""
@page {{ size: letter; margin: {MARGINS_MM['top']}mm {MARGINS_MM['right']}mm {MARGINS_MM['bottom']}mm {MARGINS_MM['left']}mm;
  @top-left {{ content: "Lesson title"; font: {SIZES['furniture']}pt "DejaVu Sans"; }}
  @bottom-left {{ content: "World History"; font: {SIZES['furniture']}pt "DejaVu Sans"; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font: {SIZES['furniture']}pt "DejaVu Sans"; }} }}
body {{ font: {SIZES['body']}pt/{LEADING} "DejaVu Serif"; }}
h1 {{ font: bold {SIZES['title']}pt/1.2 "DejaVu Sans"; margin: 0 0 6pt; }}
h2 {{ font: bold {SIZES['heading']}pt/1.2 "DejaVu Sans"; margin: 10pt 0 4pt; }}
.small, table, .box, .question {{ font-family: "DejaVu Sans"; font-size: {SIZES['small']}pt; }}
.question {{ font-size: {SIZES['body']}pt; margin-top: 8pt; break-inside: avoid; }} .question p {{ white-space: pre-line; }}
.italic {{ font-style: italic; font-size: {SIZES['small']}pt; }}
.excerpt p {{ font-size: {SIZES['excerpt']}pt; margin: 0 0 4pt {GUTTER_MM}mm; }}
.box {{ background: #eef3f8; padding: 4pt; margin: 4mm 0 0; white-space: pre-line; }}
.fields span {{ display: inline-block; border-bottom: 0.5pt solid black; width: 25%; }}
table {{ border-collapse: collapse; width: 100%; }} td, th {{ border: 0.5pt solid grey; vertical-align: top; padding: 2pt; }}
.line {{ height: {ANSWER_LINE_MM}mm; border-bottom: 0.5pt solid grey; }} .room {{ height: 20mm; }}
p {{ margin: 0 0 4pt; }}
"""


def page_html(blocks: list[Block]) -> str:
    """An HTML page for WeasyPrint: the same blocks, the theme's sizes in CSS paged media."""
    out = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><style>{_CSS}</style></head><body>"]
    for block in blocks:
        text = html.escape(block.text)
        if block.kind == "title":
            out.append(f"<h1>{text}</h1>")
        elif block.kind == "fields":
            out.append("<p class='fields'>Name <span></span> Date <span></span> Class <span></span></p>")
        elif block.kind == "heading":
            out.append(f"<h2>{text}</h2>")
        elif block.kind == "excerpt":
            out.append("<div class='excerpt'>" + "".join(f"<p>{html.escape(p)}</p>" for p in block.paragraphs) + "</div>")
        elif block.kind == "table":
            out.append("<table>" + "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in block.rows) + "</table>")
        elif block.kind == "question":
            columns = max((len(r) for r in block.rows), default=2)
            grid = "".join("<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in row) + "</tr>" for row in block.rows) if block.grid else ""
            grid += "".join(f"<tr><td style='width:30%'>{html.escape(g)}</td>" + "<td class='room'></td>" * (columns - 1) + "</tr>" for g in block.grid)
            lines = "<div class='line'></div>" * block.lines
            out.append(f"<div class='question'><p>{text}</p>{'<table>' + grid + '</table>' if grid else ''}{lines}</div>")
        else:
            out.append(f"<p class='{block.kind}'>{text}</p>")
    out.append("</body></html>")
    return "\n".join(out)


def _pdflatex(tex_file: Path) -> None:
    for _ in range(2):
        subprocess.run(["pdflatex", "-interaction=batchmode", "-halt-on-error", tex_file.name], cwd=tex_file.parent,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _weasyprint_python() -> str | None:
    script = os.environ.get("BENCH_WEASYPRINT") or shutil.which("weasyprint") or ("/tmp/peers/bin/weasyprint" if Path("/tmp/peers/bin/weasyprint").exists() else None)
    if not script:
        return None
    first = Path(script).read_text(encoding="utf-8", errors="replace").split("\n", 1)[0]
    return first[2:].strip() if first.startswith("#!") else None


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def latex_batch(folder: Path, documents: list[tuple[str, list[Block], bool]], jobs: int = 2) -> tuple[float, int] | None:
    """Seconds for pdflatex to make every document (two runs each, `jobs` at a time), and the pages made."""
    if not shutil.which("pdflatex"):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, blocks, exam in documents:
        path = folder / f"{name}.tex"
        path.write_text(tex(blocks, exam), encoding="utf-8")
        files.append(path)
    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(_pdflatex, files))
    seconds = time.perf_counter() - start
    return seconds, sum(pages(f.with_suffix(".pdf")) for f in files)


def weasyprint_batch(folder: Path, documents: list[tuple[str, list[Block], bool]], jobs: int = 2, warm: bool = True) -> tuple[float, int] | None:
    """Seconds for WeasyPrint to make every document, `jobs` at a time: with `warm`, one Python process per job
    renders its share through the library (the fastest way to drive it); else the `weasyprint` command once per
    document, as a Makefile or a shell loop runs it."""
    python = _weasyprint_python()
    if python is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for name, blocks, _ in documents:
        path = folder / f"{name}.html"
        path.write_text(page_html(blocks), encoding="utf-8")
        files.append(str(path))
    code = "import sys, weasyprint\nfor f in sys.argv[1:]:\n    weasyprint.HTML(f).write_pdf(f[:-5] + '.pdf')\n"
    start = time.perf_counter()
    if not warm:
        with ThreadPoolExecutor(jobs) as pool:
            list(pool.map(lambda f: subprocess.run([python, "-m", "weasyprint", f, f[:-5] + ".pdf"], check=True,
                                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), files))
        return time.perf_counter() - start, sum(pages(Path(f[:-5] + ".pdf")) for f in files)
    # lesson by lesson (a handout and its guide together), so each process gets as many handouts as guides
    shares = [[f for i, f in enumerate(files) if (i // 2) % jobs == n] for n in range(jobs)]
    procs = [subprocess.Popen([python, "-c", code, *share], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for share in shares]
    if any(p.wait() for p in procs):
        raise RuntimeError("weasyprint failed")
    seconds = time.perf_counter() - start
    return seconds, sum(pages(Path(f[:-5] + ".pdf")) for f in files)
