#!/bin/sh
# Rebuilds cloud/src/modules/reports/fonts/NotoSansSC-Regular.subset.otf (see the README beside it).
# Needs Debian's fonts-noto-cjk and python3-fonttools.
set -eu
out="$(dirname "$0")/../../cloud/src/modules/reports/fonts/NotoSansSC-Regular.subset.otf"
chars="$(mktemp)"
/usr/bin/python3 - "$chars" <<'PY'
import sys
chars = set()
for b1 in range(0xA1, 0xF8):
    for b2 in range(0xA1, 0xFF):
        try:
            chars.add(bytes([b1, b2]).decode('gb2312'))
        except UnicodeDecodeError:
            pass
for lo, hi in [(0x20, 0x7F), (0xA0, 0x100), (0x2000, 0x206F), (0x2190, 0x21FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]:
    chars.update(chr(c) for c in range(lo, hi))
chars.update('℃№°±×÷·–—…‰′″※■')
open(sys.argv[1], 'w').write(''.join(sorted(chars)))
PY
# Font 2 of the collection is the Simplified Chinese one.
/usr/bin/python3 -m fontTools.subset /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc --font-number=2 \
  --text-file="$chars" --layout-features='' --no-hinting --name-IDs='*' --output-file="$out"
rm -f "$chars"
ls -l "$out"
