#!/bin/sh
# Add CallPath to your applications menu, for you only (no administrator password needed).
# The app keeps running from this folder: move the folder where you want it first.
# uninstall.sh takes the menu entry away again.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
case $here in *'
'*) echo "install: this folder's name has a line break; rename it and try again" >&2; exit 1 ;; esac
if [ ! -x "$here/CallPath" ]; then
    echo "install: CallPath is not next to this script; unpack the whole archive and try again" >&2
    exit 1
fi
# The Desktop Entry spec's quoting: the path in double quotes with \ " ` $ escaped, then every
# backslash escaped once more (string values), and % doubled (field codes).
exec_path=$(printf '%s' "$here/CallPath" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g')
mkdir -p "$data/applications"
for dir in "$here"/icons/hicolor/*/apps; do
    size=$(basename "$(dirname "$dir")")
    mkdir -p "$data/icons/hicolor/$size/apps"
    cp "$dir"/callpath.* "$data/icons/hicolor/$size/apps/"
done
entry="$data/applications/callpath.desktop"
while IFS= read -r line; do
    case $line in
        Exec=*) printf 'Exec="%s"\n' "$exec_path" ;;
        "# install.sh"*) ;;
        *) printf '%s\n' "$line" ;;
    esac
done < "$here/callpath.desktop" > "$entry.part"
mv "$entry.part" "$entry"
# Tell the desktop at once where it listens (both are optional helpers).
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$data/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
echo "CallPath is in your applications menu now (run uninstall.sh to take it away)."
