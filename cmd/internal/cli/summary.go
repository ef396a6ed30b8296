package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
)

// Summary is what cmd/score writes into summary.json, and cmd/serve reads
// the threshold from.
type Summary struct {
	Checkpoint string `json:"checkpoint"`
	// CheckpointSHA256 is the SHA-256 of the checkpoint file, in hex
	// (FileSHA256): cmd/serve refuses the summary beside another one.
	CheckpointSHA256 string `json:"checkpoint_sha256,omitempty"`
	Data             string `json:"data"`
	// Part is the part of the data scored: "test", "held-out: ..." (the
	// rows the net did not train on, for data without a test part),
	// "all", or "all: training and test".
	Part string `json:"part"`
	Loss string `json:"loss"`
	// ThresholdRule is -threshold: p99, max or a number.
	ThresholdRule string  `json:"threshold_rule"`
	Threshold     float64 `json:"threshold"`
	// ThresholdFrom is where the threshold comes from: "given" (a
	// number), or the scores of the "trained rows" (those the checkpoint
	// records the net trained on), of the data's "training part" (the
	// rows trained on unknown), or of the "scored rows" themselves (the
	// rows trained on unknown, and no test part).
	ThresholdFrom string `json:"threshold_from,omitempty"`
	// ThresholdSamples is the number of training samples the threshold was
	// computed from (0 for a number).
	ThresholdSamples int      `json:"threshold_samples"`
	Normal           []string `json:"normal,omitempty"`
	Samples          int      `json:"samples"`
	Anomalies        int      `json:"anomalies"`
	MeanScore        float64  `json:"mean_score"`
	// Counts compares the anomaly calls with the labels, given -normal.
	Counts *Counts `json:"counts,omitempty"`
	// ROCAUC and AveragePrecision rank the scores against the labels
	// (anomaly = not a -normal label); absent without -normal or when the
	// scored part holds one class only.
	ROCAUC           *float64 `json:"roc_auc,omitempty"`
	AveragePrecision *float64 `json:"average_precision,omitempty"`
	// Points counts the flagged points of a series scored as windows
	// (cmd/score's points.csv); nil for other data.
	Points *PointCounts `json:"points,omitempty"`
}

// PointCounts are the points of a series that a point rule flags.
type PointCounts struct {
	Rule    string `json:"rule"`    // -point-rule
	Points  int    `json:"points"`  // of the series
	Covered int    `json:"covered"` // by a scored window
	Flagged int    `json:"flagged"`
	// First and Last are the times (or rows) of the first and last
	// flagged points; "" when none is.
	First string `json:"first,omitempty"`
	Last  string `json:"last,omitempty"`
}

// Counts are the anomaly calls against the labels.
type Counts struct {
	TruePositive  int `json:"true_positive"`  // anomalous, called anomalous
	FalsePositive int `json:"false_positive"` // normal, called anomalous
	TrueNegative  int `json:"true_negative"`
	FalseNegative int `json:"false_negative"`
}

// ReadSummary reads a summary.json and checks its threshold.
func ReadSummary(path string) (*Summary, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var s Summary
	if err := json.Unmarshal(b, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if math.IsNaN(s.Threshold) || math.IsInf(s.Threshold, 0) || s.Threshold < 0 {
		return nil, fmt.Errorf("%s: threshold %v: must be a finite number >= 0", path, s.Threshold)
	}
	if s.ThresholdRule == "" {
		return nil, fmt.Errorf("%s: no threshold (not a summary.json of cmd/score)", path)
	}
	return &s, nil
}

// FileSHA256 returns the SHA-256 of the file at path, in hex: the
// identity of a checkpoint that a summary.json records.
func FileSHA256(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
