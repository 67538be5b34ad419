"""Phone-like test photos made with Pillow: EXIF with camera, time, GPS and orientation."""

from __future__ import annotations

import io

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def phone_photo(width: int = 2400, height: int = 1600, *, orientation: int = 1, gps: bool = True, colour=(40, 120, 200)) -> bytes:
    """A JPEG as phones write it. Orientation 6: stored landscape, shown portrait."""
    image = Image.new("RGB", (width, height), colour)
    # A bright block in the stored image's top-left corner shows where "up" went.
    image.paste((250, 250, 20), (0, 0, width // 4, height // 4))
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Telefonhersteller"  # Make
    exif[0x0110] = "Modell X"  # Model
    exif[0x0132] = "2024:03:02 11:15:00"  # DateTime
    if gps:
        exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 28.0, 58.0), 3: "E", 4: (11.0, 58.0, 12.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, exif=exif.tobytes(), comment=b"Kommentar mit Namen")
    return out.getvalue()


def png_bytes(width: int = 800, height: int = 600, mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, (width, height), 128 if mode in ("L", "1") else (10, 200, 90)).save(out, "PNG")
    return out.getvalue()


def animated_png() -> bytes:
    frames = [Image.new("RGB", (40, 40), c) for c in ((255, 0, 0), (0, 255, 0))]
    out = io.BytesIO()
    frames[0].save(out, "PNG", save_all=True, append_images=frames[1:])
    return out.getvalue()
