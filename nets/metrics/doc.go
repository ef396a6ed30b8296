// Package metrics measures anomaly scores, whatever model gave them:
// ROCAUC and AveragePrecision rank scores that should be higher for the
// positive samples (the anomalies) against their labels, as scikit-learn's
// roc_auc_score and average_precision_score do; ROCCurve traces the curve
// for a picture; Threshold turns the scores of normal samples into the
// score above which a sample is an anomaly (a percentile, the maximum, or
// a number).
//
//	auc, err := metrics.ROCAUC(scores, anomalous)
//	threshold, err := metrics.Threshold("p99", trainScores)
package metrics
