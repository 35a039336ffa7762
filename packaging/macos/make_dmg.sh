#!/usr/bin/env bash
# A disk image holding CallPath.app beside a link to Applications: open it, drag the app onto
# the link. macOS only (hdiutil). The release workflow runs it after PyInstaller.
#     packaging/macos/make_dmg.sh dist/CallPath.app dist/CallPath-0.1.0-macos-arm64.dmg
#
# On GitHub's hosted macOS runners (Intel most), "hdiutil create" fails now and then with
# "Resource busy" while the image it fills is attached (actions/runner-images#7522): that, and
# only that, is tried again, up to five times, waiting longer each time. Any other failure stops
# at once with hdiutil's own message.
set -euo pipefail
app="$1"
out="$2"
attempts=5
wait_s="${DMG_RETRY_WAIT_S:-10}"  # seconds before the second try; doubled after each
stage="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$stage" "$log"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
for attempt in $(seq 1 "$attempts"); do
    if hdiutil create -volname CallPath -srcfolder "$stage" -ov -format UDZO "$out" >"$log" 2>&1; then
        cat "$log"
        exit 0
    fi
    cat "$log" >&2
    rm -f "$out"
    if ! grep -q "Resource busy" "$log" || [ "$attempt" -eq "$attempts" ]; then
        echo "make_dmg: hdiutil create failed (attempt $attempt of $attempts)" >&2
        exit 1
    fi
    echo "make_dmg: hdiutil create: resource busy (attempt $attempt of $attempts); again in ${wait_s} s" >&2
    sleep "$wait_s"
    wait_s=$((wait_s * 2))
done
