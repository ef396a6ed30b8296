#!/usr/bin/env bash
# Installs what the notebooks need on a Debian machine with Go 1.26 and gcc:
# Jupyter (Debian packages) and the gophernotes kernel, built from source with
# a patched copy of its interpreter gomacro, registered as kernel
# "gophernotes". Safe to run again: it rebuilds only what is missing.
#
#   bash notebooks/setup.sh            # install or check
#   AE_GOPHERNOTES_REBUILD=1 bash notebooks/setup.sh   # force a rebuild
#
# Environment:
#   AE_GOPHERNOTES_DIR      build folder (default $HOME/.cache/ae-gophernotes)
#   AE_GOPHERNOTES_REBUILD  1: rebuild gophernotes even if it is built
#   AE_SKIP_APT             1: do not apt-get install (Jupyter already there)
#   JUPYTER_DATA_DIR        where the kernel spec goes (Jupyter's own variable;
#                           default $HOME/.local/share/jupyter)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
GOPHERNOTES_VERSION=v0.7.5
GOMACRO_MODULE=github.com/cosmos72/gomacro
GOMACRO_VERSION=v0.0.0-20220530072503-c719ab5c40fc
XTOOLS_VERSION=v0.52.0
build="${AE_GOPHERNOTES_DIR:-$HOME/.cache/ae-gophernotes}"
JUPYTER=/usr/bin/jupyter
PY=/usr/bin/python3

log() { printf 'setup: %s\n' "$*" >&2; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null || die "go is not on PATH (need Go 1.26)"
command -v gcc >/dev/null || die "gcc is not on PATH (gophernotes compiles imports into Go plugins with cgo)"

# --- Jupyter ------------------------------------------------------------------
if [[ "${AE_SKIP_APT:-}" != 1 ]]; then
  if ! dpkg -s jupyter-nbconvert python3-nbclient python3-ipykernel >/dev/null 2>&1; then
    log "installing Jupyter from Debian packages"
    sudo=""
    [[ "$(id -u)" == 0 ]] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq jupyter-nbconvert python3-nbclient python3-ipykernel >/dev/null
  fi
fi
[[ -x "$JUPYTER" ]] || die "$JUPYTER not found (apt-get install jupyter-nbconvert)"
[[ -x "$PY" ]] || die "$PY not found"

# --- GOPROXY for the kernel ----------------------------------------------------
# gophernotes runs `go get` on every imported package. A package of our module
# is found on disk through a `replace` (see gomacro_patch.py), but Go first
# asks the proxy for the module's versions and only falls back to the replace
# when the answer is "not found". A proxy that answers anything else (this
# machine's answers 403) makes the import fail, so after the proxy Go must
# fall back to "off", whose answer is "not found".
kernel_goproxy() {
  local p
  p="$(go env GOPROXY)"
  p="${p%,direct}"; p="${p%|direct}"
  case "$p" in
    ""|direct) echo off ;;
    off|*'|off'|*',off') echo "$p" ;;
    *) echo "$p|off" ;;
  esac
}
GOPROXY_KERNEL="$(kernel_goproxy)"

# --- gophernotes ------------------------------------------------------------------
bin="$build/bin/gophernotes"
stamp="$build/bin/gophernotes.stamp"
want_stamp="gophernotes $GOPHERNOTES_VERSION gomacro $GOMACRO_VERSION x/tools $XTOOLS_VERSION $(go env GOVERSION) patch $(sha256sum "$here/gomacro_patch.py" | cut -c1-16)"

if [[ "${AE_GOPHERNOTES_REBUILD:-}" == 1 || ! -x "$bin" || "$(cat "$stamp" 2>/dev/null)" != "$want_stamp" ]]; then
  log "building gophernotes $GOPHERNOTES_VERSION in $build"
  # never wipe a folder this script did not make
  if [[ -d "$build" && -n "$(ls -A "$build")" && ! -e "$build/.ae-gophernotes" ]] &&
     ! grep -qs '^module ae-notebooks/gophernotes-build$' "$build/mod/go.mod"; then
    die "$build exists and was not made by setup.sh: remove it or set AE_GOPHERNOTES_DIR"
  fi
  rm -rf "$build"
  mkdir -p "$build/bin"
  touch "$build/.ae-gophernotes"
  mod="$build/mod"
  mkdir -p "$mod"
  export GONOSUMDB="${GONOSUMDB:+$GONOSUMDB,}github.com/cosmos72,github.com/gopherdata"
  export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"
  (
    cd "$mod"
    go mod init ae-notebooks/gophernotes-build >/dev/null 2>&1
    go get "github.com/gopherdata/gophernotes@$GOPHERNOTES_VERSION" "$GOMACRO_MODULE@$GOMACRO_VERSION"
  )
  src="$(cd "$mod" && go list -m -f '{{.Dir}}' "$GOMACRO_MODULE")"
  [[ -n "$src" && -f "$src/go.mod" ]] || die "gomacro $GOMACRO_VERSION is not in the module cache"
  cp -r "$src" "$build/gomacro"
  chmod -R u+w "$build/gomacro"
  "$PY" "$here/gomacro_patch.py" "$build/gomacro"
  (
    cd "$mod"
    go mod edit -replace "$GOMACRO_MODULE=$build/gomacro"
    go get "golang.org/x/tools@$XTOOLS_VERSION"
    go build -o "$bin" github.com/gopherdata/gophernotes
  )
  echo "$want_stamp" >"$stamp"
else
  log "gophernotes already built: $bin"
fi

# --- kernel spec -----------------------------------------------------------------
data_dir="$("$JUPYTER" --data-dir)"
kdir="$data_dir/kernels/gophernotes"
mkdir -p "$kdir"
KERNEL_BIN="$bin" KERNEL_GOPROXY="$GOPROXY_KERNEL" KDIR="$kdir" "$PY" - <<'EOF'
import json, os
spec = {
    "argv": [os.environ["KERNEL_BIN"], "{connection_file}"],
    "display_name": "Go (gophernotes)",
    "language": "go",
    "name": "gophernotes",
    "env": {"GOPROXY": os.environ["KERNEL_GOPROXY"]},
}
with open(os.path.join(os.environ["KDIR"], "kernel.json"), "w") as f:
    json.dump(spec, f, indent=2)
    f.write("\n")
EOF
log "kernel gophernotes registered in $kdir (GOPROXY=$GOPROXY_KERNEL)"
"$PY" -c 'import sys; from jupyter_client.kernelspec import KernelSpecManager as K; sys.exit("gophernotes" not in K().find_kernel_specs())' \
  || die "Jupyter does not find the gophernotes kernel (JUPYTER_PATH, JUPYTER_DATA_DIR?)"
log "done"
