#!/usr/bin/env bash
# Executes the notebooks headless with the gophernotes kernel, one after the
# other, and fails if a cell of any of them fails.
#
#   bash notebooks/run.sh [options] [NOTEBOOK.ipynb ...]
#
# With no notebook named, runs every notebooks/*.ipynb in name order.
#
# Options (each also has an environment variable):
#   --quick         AE_NOTEBOOK_QUICK=1: short runs (few epochs, a subset of
#                   the training images), for CI. The notebooks read the
#                   variable themselves with os.Getenv.
#   --inplace       AE_NOTEBOOK_INPLACE=1: write the executed notebooks over
#                   the originals (a notebook that fails is left as it was).
#   --out DIR       AE_NOTEBOOK_OUT=DIR: folder for the executed copies
#                   (default: a new temporary folder, printed at the end).
#   --timeout SEC   AE_NOTEBOOK_TIMEOUT=SEC: limit per cell (default 1200).
#   --no-setup      AE_NOTEBOOK_NO_SETUP=1: do not run setup.sh first (by
#                   default it runs; it does nothing when all is installed).
#
# The kernel's standard error (the go command's messages while it compiles
# the imports into a plugin, and the trainer's log) goes to NAME.log in the
# output folder; its end is printed when a notebook fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
JUPYTER=/usr/bin/jupyter
PY=/usr/bin/python3

quick="${AE_NOTEBOOK_QUICK:-}"
inplace="${AE_NOTEBOOK_INPLACE:-}"
out="${AE_NOTEBOOK_OUT:-}"
timeout="${AE_NOTEBOOK_TIMEOUT:-1200}"
no_setup="${AE_NOTEBOOK_NO_SETUP:-}"
notebooks=()

usage() { sed -n '2,24p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=1 ;;
    --inplace) inplace=1 ;;
    --out) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; out="$2"; shift ;;
    --out=*) out="${1#--out=}" ;;
    --timeout) [[ $# -ge 2 ]] || { usage >&2; exit 2; }; timeout="$2"; shift ;;
    --timeout=*) timeout="${1#--timeout=}" ;;
    --no-setup) no_setup=1 ;;
    -h|--help) usage; exit 0 ;;
    -*) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) notebooks+=("$1") ;;
  esac
  shift
done
[[ "$timeout" =~ ^[0-9]+$ ]] || { echo "run.sh: --timeout wants whole seconds, not $timeout" >&2; exit 2; }

if [[ "$no_setup" != 1 ]]; then
  bash "$here/setup.sh"
fi
[[ -x "$JUPYTER" ]] || { echo "run.sh: $JUPYTER not found: run notebooks/setup.sh" >&2; exit 1; }

if [[ ${#notebooks[@]} -eq 0 ]]; then
  shopt -s nullglob
  notebooks=("$here"/*.ipynb)
  shopt -u nullglob
  [[ ${#notebooks[@]} -gt 0 ]] || { echo "run.sh: no notebooks in $here" >&2; exit 1; }
fi
for nb in "${notebooks[@]}"; do
  [[ -f "$nb" ]] || { echo "run.sh: no such notebook: $nb" >&2; exit 1; }
done

if [[ -z "$out" ]]; then
  out="$(mktemp -d "${TMPDIR:-/tmp}/ae-notebooks.XXXXXX")"
fi
mkdir -p "$out"
out="$(cd "$out" && pwd)"

# What the kernel needs: the quick flag, and the module on disk. The kernel
# runs in the notebook's folder and finds the module enclosing it by itself;
# GOMACRO_MODULE_DIRS names it too, for notebooks kept outside the clone.
if [[ "$quick" == 1 ]]; then export AE_NOTEBOOK_QUICK=1; else unset AE_NOTEBOOK_QUICK; fi
export GOMACRO_MODULE_DIRS="$root${GOMACRO_MODULE_DIRS:+:$GOMACRO_MODULE_DIRS}"

mode="quick"; [[ "$quick" == 1 ]] || mode="full"
where="$out"; [[ "$inplace" == 1 ]] && where="in place"
echo "run.sh: ${#notebooks[@]} notebook(s), $mode mode, executed copies: $where, logs: $out"

failed=()
summary=()
total_start=$EPOCHREALTIME
for nb in "${notebooks[@]}"; do
  name="$(basename "$nb" .ipynb)"
  log="$out/$name.log"
  args=(nbconvert --to notebook --execute "--ExecutePreprocessor.timeout=$timeout"
        --ExecutePreprocessor.kernel_name=gophernotes)
  if [[ "$inplace" == 1 ]]; then
    args+=(--inplace "$nb")
  else
    args+=("$nb" --output-dir "$out")
  fi
  echo "run.sh: $name ..."
  start=$EPOCHREALTIME
  status=ok
  if ! "$JUPYTER" "${args[@]}" >"$log" 2>&1; then
    status=FAILED
  else
    executed="$out/$name.ipynb"
    [[ "$inplace" == 1 ]] && executed="$nb"
    # nbconvert stops at the first cell that raises; this also catches an
    # error output left by a kernel that did not report it as a failure.
    if ! "$PY" - "$executed" >>"$log" 2>&1 <<'EOF'
import json, sys
nb = json.load(open(sys.argv[1], encoding="utf-8"))
bad = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"
       for o in c.get("outputs", []) if o.get("output_type") == "error"]
if bad:
    sys.exit(f"run.sh: error output in code cell(s) {bad}")
EOF
    then
      status=FAILED
    fi
  fi
  secs="$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"
  summary+=("$(printf '  %-40s %-6s %8ss' "$name" "$status" "$secs")")
  if [[ "$status" != ok ]]; then
    failed+=("$name")
    echo "run.sh: $name FAILED after ${secs}s; from $log:" >&2
    if grep -q 'CellExecutionError: An error occurred' "$log"; then
      # the failing cell and its error, without nbconvert's Python traceback
      sed -n '/CellExecutionError: An error occurred/,$p' "$log" | head -n 60 | sed 's/^/    /' >&2 || true
    else
      grep -v '^go: \(added\|downloading\|upgraded\) ' "$log" | tail -n 40 | sed 's/^/    /' >&2 || true
    fi
  else
    echo "run.sh: $name ok in ${secs}s"
  fi
done
total="$(awk -v a="$total_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')"

echo "run.sh: summary ($mode mode, ${total}s in all)"
printf '%s\n' "${summary[@]}"
[[ "$inplace" == 1 ]] || echo "run.sh: executed notebooks and logs in $out"
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "run.sh: ${#failed[@]} notebook(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "run.sh: all ${#notebooks[@]} notebook(s) passed"
