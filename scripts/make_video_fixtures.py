"""Test video for the browser e2e: a real face (scikit-image's astronaut photo) that moves a
little, with stretches where the camera is covered.

Chromium plays the file as its fake camera (`--use-file-for-fake-video-capture=F.y4m`,
DESIGN §6) and loops it. The e2e compares the face-present ratios the page computes with
COVERED below.

The file is raw I420 (y4m): 640x480 at 15 frames/s for 20 s is ~138 MB, too large to commit,
so the e2e writes it into a cache directory on first use (`ensure_face_video`), keyed by a
hash of this generator, and reuses it afterwards.

Firefox has no file-backed fake camera. For it, `write_canvas_video` writes the same video as
the photo, the cover board and each frame's transform (`motion`), which the Firefox driver
(web/e2e/firefox-flow.mjs) draws on a canvas at the same rate and loop.

    .venv/bin/python scripts/make_video_fixtures.py [OUT.y4m]
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import numpy.typing as npt
from PIL import Image
from skimage import data

WIDTH = 640
HEIGHT = 480
FPS = 15
DURATION_S = 20.0
# Seconds (start, end) of the loop during which the face is hidden behind a flat board.
COVERED: tuple[tuple[float, float], ...] = ((6.0, 10.0), (14.0, 16.0))

# The astronaut's face in the 512x512 photo: centre and the 4:3 crop around it. The face is
# ~110 px wide there, ~27 % of the crop, as at arm's length from a laptop camera.
FACE_CENTRE = (225.0, 118.0)
CROP = (25, 0, 425, 300)  # left, top, right, bottom

Frame = npt.NDArray[np.uint8]


def is_covered(t: float) -> bool:
    return any(start <= t < end for start, end in COVERED)


def face_visible(t: float) -> bool:
    """True when the face is in view at camera time t (s, in any loop)."""
    return not is_covered(t % DURATION_S)


def near_cover_edge(t: float, margin_s: float) -> bool:
    """True when camera time t (s, in any loop) lies within margin_s of a cover/uncover moment
    or the loop's restart: the tests leave those out, as presence debouncing and the estimate
    of when the camera started blur them."""
    loop_t = t % DURATION_S
    edges = [e for stretch in COVERED for e in stretch] + [0.0, DURATION_S]
    return any(abs(loop_t - e) < margin_s for e in edges)


def motion(t: float) -> tuple[float, int, int]:
    """The head movement at loop time t: tilt in degrees (counter-clockwise, about FACE_CENTRE)
    and sway (dx, dy) in photo pixels.

    Small and smooth: a few degrees of tilt and a sway of a few percent of the frame, at
    unrelated periods so the motion never repeats exactly within the loop.
    """
    angle = 6.0 * math.sin(2 * math.pi * t / 7.5)
    dx = round(18.0 * math.sin(2 * math.pi * t / 5.0))
    dy = round(8.0 * math.sin(2 * math.pi * t / 6.3))
    return angle, dx, dy


def _moving_face(photo: Image.Image, t: float) -> Image.Image:
    angle, dx, dy = motion(t)
    moved = photo.rotate(
        angle, resample=Image.Resampling.BILINEAR, center=FACE_CENTRE, translate=(dx, dy)
    )
    return moved.crop(CROP).resize((WIDTH, HEIGHT), Image.Resampling.BILINEAR)


def _covered(rng: np.random.Generator) -> Frame:
    # A hand or a sheet held over the lens: a flat, slightly textured, unevenly lit surface.
    y = np.linspace(0.0, 1.0, HEIGHT)[:, None]
    x = np.linspace(0.0, 1.0, WIDTH)[None, :]
    shade = 150.0 + 40.0 * x - 30.0 * y
    noise = rng.normal(0.0, 4.0, (HEIGHT, WIDTH))
    grey = np.clip(shade + noise, 0, 255)
    tint = np.array([1.0, 0.93, 0.85])  # warm, skin-like, the hard case for a face detector
    board: Frame = np.clip(grey[:, :, None] * tint[None, None, :], 0, 255).astype(np.uint8)
    return board


def astronaut() -> Image.Image:
    return Image.fromarray(data.astronaut())  # type: ignore[no-untyped-call]


def frame_count() -> int:
    return int(DURATION_S * FPS)


def frame(i: int, photo: Image.Image | None = None) -> Frame:
    """Frame i of the loop as the y4m holds it (before YUV conversion). A covered frame is
    always frames()'s first board (the y4m's covered frames differ in their noise only)."""
    t = i / FPS
    if is_covered(t):
        return _covered(np.random.default_rng(5))
    return np.asarray(_moving_face(photo or astronaut(), t).convert("RGB"), dtype=np.uint8)


def frames() -> list[Frame]:
    photo = astronaut()
    rng = np.random.default_rng(5)
    out: list[Frame] = []
    for i in range(frame_count()):
        t = i / FPS
        if is_covered(t):
            out.append(_covered(rng))
        else:
            out.append(np.asarray(_moving_face(photo, t).convert("RGB"), dtype=np.uint8))
    return out


def write_canvas_video(out_dir: Path) -> Path:
    """The same video as drawing instructions for a browser canvas, for Firefox, which has no
    file-backed fake camera: `astronaut.png` (the whole photo), `board.png` (the cover board)
    and `video.json` (size, rate, FACE_CENTRE, CROP and per frame either null for covered or
    [angle, dx, dy] of `motion`). Drawing frame i = turning the photo counter-clockwise by
    angle about FACE_CENTRE, shifting it by (dx, dy), cropping CROP and scaling to WIDTH x
    HEIGHT on black, as `_moving_face` does. Returns the path of video.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    astronaut().save(out_dir / "astronaut.png")
    Image.fromarray(_covered(np.random.default_rng(5))).save(out_dir / "board.png")
    spec = {
        "width": WIDTH,
        "height": HEIGHT,
        "fps": FPS,
        "faceCentre": FACE_CENTRE,
        "crop": CROP,
        "frames": [
            None if is_covered(i / FPS) else list(motion(i / FPS)) for i in range(frame_count())
        ],
    }
    path = out_dir / "video.json"
    path.write_text(json.dumps(spec))
    return path


def _i420(rgb: Frame) -> bytes:
    """Full-range BT.601 (JFIF) RGB -> Y, U, V planes with 2x2 chroma averaging."""
    f = rgb.astype(np.float32)
    r, g, b = f[:, :, 0], f[:, :, 1], f[:, :, 2]
    y = 0.299 * r + 0.587 * g + 0.114 * b
    u = -0.168736 * r - 0.331264 * g + 0.5 * b + 128.0
    v = 0.5 * r - 0.418688 * g - 0.081312 * b + 128.0

    def sub(c: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        half: npt.NDArray[np.float32] = c.reshape(HEIGHT // 2, 2, WIDTH // 2, 2).mean(axis=(1, 3))
        return half

    planes = [y, sub(u), sub(v)]
    return b"".join(np.clip(np.round(p), 0, 255).astype(np.uint8).tobytes() for p in planes)


def write_y4m(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".partial")
    with tmp.open("wb") as fh:
        fh.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for frame in frames():
            fh.write(b"FRAME\n")
            fh.write(_i420(frame))
    tmp.replace(path)  # never leave a half-written file where a test would pick it up


def generator_hash() -> str:
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def ensure_face_video(cache_dir: Path | None = None) -> Path:
    """The test video, generated on first use into a cache directory and reused afterwards."""
    base = cache_dir or Path(
        os.environ.get("MOODLENS_FIXTURE_CACHE", Path(tempfile.gettempdir()) / "moodlens-fixtures")
    )
    path = base / f"astronaut-covered-{generator_hash()}.y4m"
    if not path.is_file():
        write_y4m(path)
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ensure_face_video()
    if len(sys.argv) > 1:
        write_y4m(out)
    print(out)
