#!/usr/bin/env bash
# Regenerates the example media, each within the first published limits of the asset library
# (provider/media/limits.ts, set `first`, with its sources; checked by provider/resources/source.ts before upload):
#   examples/asset-library/media/hero.jpg    640x480 JPEG image              (sides 300–6000 px, ratio 0.4–2.5, < 30 MB)
#   examples/asset-library/media/clip.mp4    3 s, 854x480, 24 fps, H.264     (2–15 s, 409,600–927,408 px, 24–60 fps, ≤ 50 MB)
#   examples/asset-library/media/theme.mp3   3 s, 440 Hz sine, 48 kbit/s     (2–15 s, ≤ 15 MB)
#   examples/bearer-gateway/media/logo.png   640x640 PNG image
# Needs ffmpeg (with libx264 and libmp3lame) and ImageMagick: `apt-get install -y ffmpeg imagemagick`.
# The output is deterministic enough to review, and small (well under 1 MB in total): commit it.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
library="$repo/examples/asset-library/media"
bearer="$repo/examples/bearer-gateway/media"
mkdir -p "$library" "$bearer"

command -v ffmpeg >/dev/null || { echo "make-media: ffmpeg is missing (apt-get install -y ffmpeg)" >&2; exit 1; }
# ImageMagick 7 is `magick`, 6 is `convert`.
im=$(command -v magick || command -v convert-im6.q16 || command -v convert) || { echo "make-media: ImageMagick is missing (apt-get install -y imagemagick)" >&2; exit 1; }

# A gradient with a few shapes: no fonts needed, compresses well.
"$im" -size 640x480 gradient:'#1d2b64-#f8cdda' \
  -fill '#ffffffb0' -draw 'circle 320,220 320,120' \
  -fill '#1d2b64c0' -draw 'rectangle 250,330 390,420' \
  -strip -quality 70 "$library/hero.jpg"

"$im" -size 640x640 radial-gradient:'#ffd200-#f7971e' \
  -fill '#202020' -draw 'polygon 320,140 480,460 160,460' \
  -strip -colors 16 "PNG8:$bearer/logo.png"

ffmpeg -loglevel error -y -f lavfi -i "testsrc2=size=854x480:rate=24:duration=3" \
  -c:v libx264 -preset veryslow -crf 38 -pix_fmt yuv420p -movflags +faststart -an "$library/clip.mp4"

ffmpeg -loglevel error -y -f lavfi -i "sine=frequency=440:sample_rate=22050:duration=3" \
  -c:a libmp3lame -b:a 48k "$library/theme.mp3"

du -b "$library"/* "$bearer"/* | awk '{ total += $1; print } END { printf "%d bytes in total\n", total }'
