#!/usr/bin/env bash
# A disk image holding CallPath.app beside a link to Applications: open it, drag the app onto
# the link. macOS only (hdiutil). The release workflow runs it after PyInstaller.
#     packaging/macos/make_dmg.sh dist/CallPath.app dist/CallPath-0.1.0-macos-arm64.dmg
set -euo pipefail
app="$1"
out="$2"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
hdiutil create -volname CallPath -srcfolder "$stage" -ov -format UDZO "$out"
