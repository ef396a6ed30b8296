package metrics

import (
	"fmt"
	"strconv"
)

// ContaminationRule returns the Threshold rule of a contamination F, the
// expected share of anomalies among the training samples: the
// 100·(1-F)-th percentile of their scores, so that a share F of them lies
// above it (PyOD's threshold_). F must be in (0, 0.5).
func ContaminationRule(f float64) (string, error) {
	if err := CheckContamination(f); err != nil {
		return "", err
	}
	return "p" + strconv.FormatFloat(100*(1-f), 'g', -1, 64), nil
}

// CheckContamination checks a contamination: in (0, 0.5), as PyOD's.
func CheckContamination(f float64) error {
	if !(f > 0 && f < 0.5) {
		return fmt.Errorf("metrics: contamination must be in (0, 0.5), got %g", f)
	}
	return nil
}

// ContaminationThreshold returns the threshold of contamination f over
// the training scores (ContaminationRule).
func ContaminationThreshold(trainScores []float64, f float64) (float64, error) {
	rule, err := ContaminationRule(f)
	if err != nil {
		return 0, err
	}
	return Threshold(rule, trainScores)
}
