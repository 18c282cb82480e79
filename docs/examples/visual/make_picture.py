"""Draw materials/images/glf-timeline.png, the picture of this example, with Pillow.

Made by the lessonpress project for its documentation (CC0-1.0), from facts in
materials/glf-overview.md: the campaign ran from 1958 to 1962, and CPC
conferences in March 1960 and May 1962 studied its negative effects.

    .venv/bin/python docs/examples/visual/make_picture.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 960, 300
LEFT, RIGHT, AXIS = 70, 890, 130  # the axis runs from 1958 to 1963
INK, BAND, MARK = (20, 20, 20), (214, 228, 240), (150, 30, 30)


def x_of(year: float) -> float:
    return LEFT + (year - 1958) * (RIGHT - LEFT) / 5


def main() -> None:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    title, text, small = (ImageFont.load_default(size=s) for s in (26, 17, 13))
    draw.text((LEFT, 18), "The Great Leap Forward, 1958-1962", font=title, fill=INK)
    # the campaign, as a band above the axis
    draw.rectangle((x_of(1958), AXIS - 46, x_of(1963), AXIS - 6), fill=BAND)
    draw.text((x_of(1958) + 10, AXIS - 36), "Great Leap Forward campaign of the Communist Party of China (CPC)", font=text, fill=INK)
    draw.line((LEFT, AXIS, RIGHT, AXIS), fill=INK, width=3)
    for year in range(1958, 1964):
        x = x_of(year)
        draw.line((x, AXIS - 6, x, AXIS + 6), fill=INK, width=2)
        draw.text((x, AXIS + 10), str(year), font=small, fill=INK, anchor="ma")
    # the three events, each with a marker and a label below the axis
    events = [
        (1958.0, 190, ["1958: the campaign", "is launched"]),
        (1960 + 2 / 12, 190, ["March 1960: a CPC conference", "studies its negative effects"]),
        (1962 + 4 / 12, 190, ["May 1962: a CPC conference;", "Mao is criticized"]),
    ]
    for when, top, lines in events:
        x = x_of(when)
        draw.ellipse((x - 7, AXIS - 7, x + 7, AXIS + 7), fill=MARK)
        draw.line((x, AXIS + 30, x, top - 4), fill=MARK, width=2)  # below the year labels
        anchor_x = min(max(x, LEFT + 95), RIGHT - 110)
        for n, line in enumerate(lines):
            draw.text((anchor_x, top + n * 22), line, font=text, fill=INK, anchor="ma")
    draw.text((LEFT, HEIGHT - 24), "Made by the lessonpress project for its documentation (CC0). Dates from Wikipedia, "
              "\"Great Leap Forward\".", font=small, fill=(90, 90, 90))
    out = Path(__file__).parent / "materials/images/glf-timeline.png"
    image.quantize(colors=16).save(out, format="PNG", optimize=True)


if __name__ == "__main__":
    main()
