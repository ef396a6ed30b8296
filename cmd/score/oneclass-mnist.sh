#!/usr/bin/env bash
# One-class anomaly detection on MNIST, the benchmark of Deep SVDD (Ruff et
# al., ICML 2018): for each digit d, train conv-keras on the training digits
# d only, score the 10,000 test digits, and report the ROC AUC of "not d".
#
#   bash cmd/score/oneclass-mnist.sh [EPOCHS] [OUT]     # defaults: 10, runs/oneclass
#
# The last checkpoint is scored (not best.safetensors, which the trainer
# picks by the loss on the test digits d).
set -euo pipefail
epochs=${1:-10}
out=${2:-runs/oneclass}
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin" ./cmd/train ./cmd/score
mkdir -p "$out"
: > "$out/auc.csv"
echo "digit,epochs,roc_auc,average_precision,train_seconds" >> "$out/auc.csv"
for d in 0 1 2 3 4 5 6 7 8 9; do
	start=$(date +%s)
	"$bin/train" -arch conv-keras -classes "$d" -epochs "$epochs" -out "$out/$d" -quiet -no-pictures 2> "$out/$d.train.log"
	secs=$(( $(date +%s) - start ))
	"$bin/score" -out "$out/$d/score" -normal "$d" "$out/$d/last.safetensors" > "$out/$d.score.txt" 2> "$out/$d.score.log"
	auc=$(sed -n 's/.*"roc_auc": \([0-9.e-]*\).*/\1/p' "$out/$d/score/summary.json")
	ap=$(sed -n 's/.*"average_precision": \([0-9.e-]*\).*/\1/p' "$out/$d/score/summary.json")
	echo "$d,$epochs,$auc,$ap,$secs" >> "$out/auc.csv"
	echo "digit $d: ROC AUC $auc, AP $ap ($secs s training)"
done
awk -F, 'NR > 1 { s += $3; n++ } END { printf "mean ROC AUC over %d digits: %.4f\n", n, s / n }' "$out/auc.csv"
