"""Photos re-encoded for publishing: bytes in, bytes out, never the original file.

Every published image is decoded and written anew by Pillow from its pixels alone:
the EXIF orientation is applied first, then nothing of the source's metadata (EXIF
with GPS position and camera, XMP, IPTC, comments, ICC profiles) is carried over.
Colours in another ICC profile are converted to sRGB before the profile is dropped.
Output is byte-reproducible: same bytes and width in, same bytes out.
"""

from __future__ import annotations

import io

from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps

from ..plan.photos import SHARE_SIZE  # the size planned for the share image

JPEG_QUALITY = 82


def _pixels(data: bytes) -> Image.Image:
    """The decoded, upright image in sRGB with no metadata attached."""
    with Image.open(io.BytesIO(data)) as source:
        source.load()
        upright = ImageOps.exif_transpose(source)
        icc = source.info.get("icc_profile")
        has_alpha = upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
        image = upright.convert("RGBA" if has_alpha else "RGB")
        if icc:
            try:
                profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
                image = ImageCms.profileToProfile(image, profile, ImageCms.createProfile("sRGB"), outputMode=image.mode)
            except (ImageCms.PyCMSError, OSError, ValueError):
                pass  # an unreadable profile: keep the pixels as they are
    # A fresh image from the raw pixels: no `info` (exif, icc_profile, xmp, comment) survives.
    return Image.frombytes(image.mode, image.size, image.tobytes())


def output_format(has_alpha: bool) -> str:
    return "png" if has_alpha else "jpg"


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    if image.mode == "RGBA":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def resized(data: bytes, width: int) -> bytes:
    """The image at `width` pixels (never wider than it is), without metadata."""
    image = _pixels(data)
    if width < image.width:
        height = max(1, round(image.height * width / image.width))
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    return _encode(image)


def share_crop(data: bytes) -> bytes:
    """A 1200×630 JPEG for share previews (og:image), cropped around the centre."""
    image = _pixels(data).convert("RGB")
    image = ImageOps.fit(image, SHARE_SIZE, Image.Resampling.LANCZOS, centering=(0.5, 0.4))
    return _encode(image)


def default_share(site_name: str, colour: tuple[int, int, int]) -> bytes:
    """The share image of pages without a photo: the site's name on the site's colour."""
    image = Image.new("RGB", SHARE_SIZE, colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=64)
    # A newspaper mark (the logo's shape) above the name, drawn in white.
    draw.rounded_rectangle((540, 150, 660, 270), radius=12, outline="white", width=10)
    for y in (185, 210, 235):
        draw.line((565, y, 635, y), fill="white", width=8)
    box = draw.textbbox((0, 0), site_name, font=font)
    x = (SHARE_SIZE[0] - (box[2] - box[0])) // 2
    draw.text((x, 330), site_name, fill="white", font=font)
    return _encode(image)
