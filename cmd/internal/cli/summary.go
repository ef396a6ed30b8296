package cli

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
)

// Summary is what cmd/score writes into summary.json, and cmd/serve reads
// the threshold from.
type Summary struct {
	Checkpoint string `json:"checkpoint"`
	Data       string `json:"data"`
	// Part is the part of the data scored: "test", or "all" for data
	// without a test part.
	Part string `json:"part"`
	Loss string `json:"loss"`
	// ThresholdRule is -threshold: p99, max or a number.
	ThresholdRule string  `json:"threshold_rule"`
	Threshold     float64 `json:"threshold"`
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
	if s.ThresholdRule == "" || math.IsNaN(s.Threshold) || math.IsInf(s.Threshold, 0) {
		return nil, fmt.Errorf("%s: no threshold (not a summary.json of cmd/score)", path)
	}
	return &s, nil
}
