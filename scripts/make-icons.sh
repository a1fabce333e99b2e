#!/usr/bin/env bash
# Draws the app icons in assets/ (run once; the PNGs are committed): a marquee sign, an amber frame with
# a row of lights above and below a white "M". ffmpeg and the font come from npm packages the project has.
set -euo pipefail
cd "$(dirname "$0")/.."
FF=$(node -e 'console.log(require("@ffmpeg-installer/ffmpeg").path)')
FONT=node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf
LIGHTS=""
for i in 0 1 2 3 4 5 6; do
  x=$((104 + i * 48))
  LIGHTS="$LIGHTS,drawbox=x=$x:y=88:w=16:h=16:color=0xffc531:t=fill,drawbox=x=$x:y=408:w=16:h=16:color=0xffc531:t=fill"
done
"$FF" -v error -y -f lavfi \
  -i "color=c=0x12151c:s=512x512,format=rgb24,drawbox=x=48:y=48:w=416:h=416:color=0xffc531:t=14$LIGHTS,drawtext=fontfile=$FONT:text=M:fontsize=260:fontcolor=0xf3f4f6:x=(w-text_w)/2:y=(h-text_h)/2" \
  -frames:v 1 -update 1 assets/icon-512.png
# webOS: icon 80×80, largeIcon 130×130. Tizen uses the 512 one.
for size in 80 130; do
  "$FF" -v error -y -i assets/icon-512.png -vf "scale=$size:$size:flags=lanczos" -update 1 "assets/icon-$size.png"
done
