#!/bin/sh
# Take CallPath out of your applications menu (what install.sh added). The app's folder, your
# settings and your history of diagnoses stay; delete the folder to remove the app itself.
set -eu
data=${XDG_DATA_HOME:-$HOME/.local/share}
rm -f "$data/applications/callpath.desktop"
for icon in "$data"/icons/hicolor/*/apps/callpath.png "$data"/icons/hicolor/*/apps/callpath.svg; do
    [ -e "$icon" ] && rm -f "$icon"
done
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "CallPath is no longer in your applications menu."
