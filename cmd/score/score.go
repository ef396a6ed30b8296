package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/metrics"
	"github.com/sirupsen/logrus"
)

// scored is a scored set: every sample's score, and the worst samples
// kept with their reconstructions (scaled units).
type scored struct {
	scores []float64
	worst  []sample
	points *seriesPoints // per point of a series cut into windows; nil otherwise
}

type sample struct {
	index        int // in the scored set
	score        float64
	input, recon []float32
	row          string // where it is in the data, for the pictures
}

// rowName names sample i of the scored set by its row in the data.
func rowName(held cli.Scored, i int) string {
	part, row := held.Row(i)
	if part == "test" {
		return fmt.Sprintf("test row %d", row)
	}
	return fmt.Sprintf("row %d", row)
}

// score checks the inputs, scores the samples and writes the results.
func score(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	log := cli.Logger(stderr)
	in, err := cli.OpenInputs(o.ckpt, o.data, log)
	if err != nil {
		return err
	}
	defer in.Close()
	held, err := o.parts(in)
	if err != nil {
		return err
	}
	if fi, err := os.Stat(o.out); err == nil && !fi.IsDir() {
		return fmt.Errorf("-out: %s is a file", o.out)
	}
	if err := o.checkOut(in.Flags.Path); err != nil {
		return err
	}
	thr, err := o.fitThreshold(ctx, in, held, log, stderr)
	if err != nil {
		return err
	}
	if held.Note != "" {
		log.Infof("scoring every sample: %s", held.Note)
	}
	set, a := held.Set, in.Net
	log.WithFields(logrus.Fields{"data": set.Source, "part": held.Part, "samples": set.Len(), "loss": scoreKind(a)}).Info("scoring")
	ex, err := newExplainer(o, a, held, thr.value)
	if err != nil {
		return err
	}
	res, err := scoreSet(ctx, a, set, o.worst, ex, cli.NewProgress(stderr, "score", set.Len()))
	if err != nil {
		return err
	}
	for k, w := range res.worst {
		res.worst[k].row = rowName(held, w.index)
	}
	if res.points, err = pointsOf(ctx, o, a, held, res.scores); err != nil {
		return err
	}
	sum := summarize(o, res.scores, set.Labels, thr)
	if res.points != nil {
		sum.Points = res.points.counts(thr.value)
	}
	sum.Loss, sum.Part, sum.Data = scoreKind(a), held.Part, set.Source
	if sum.CheckpointSHA256, err = cli.FileSHA256(o.ckpt); err != nil {
		return err
	}
	files, err := writeAll(o, a, res, held, sum, ex, log)
	if err != nil {
		return err
	}
	printSummary(stdout, sum)
	fmt.Fprintf(stdout, "wrote %s\n", strings.Join(files, ", "))
	return nil
}

// checkOut refuses an -out whose outputs would replace or go into the
// data at dataPath.
func (o *options) checkOut(dataPath string) error {
	outs := []string{filepath.Join(o.out, "scores.csv"), filepath.Join(o.out, "summary.json"), filepath.Join(o.out, explainName)}
	for _, name := range pictureNames {
		outs = append(outs, filepath.Join(o.out, name))
	}
	if p := cli.Overwrites(dataPath, outs...); p != "" {
		return cli.Usagef("out", "%s would replace or go into the data, -data %s; choose another folder", p, dataPath)
	}
	return nil
}

// parts returns the part of the data to score and, as its Train, the
// samples the threshold comes from: the training part, of the -normal
// labels with -normal.
func (o *options) parts(in *cli.Inputs) (cli.Scored, error) {
	held, err := in.Scored(o.all)
	if err != nil {
		return held, err
	}
	if err := cli.CheckShape(in.Net, held.Set); err != nil {
		return held, err
	}
	if err := checkNormal(o.normal, held.Set); err != nil {
		return held, err
	}
	if o.normal == nil {
		return held, nil
	}
	if held.Train.Labels == nil {
		return held, cli.Usagef("normal", "%s has no labels", held.Train.Source)
	}
	held.Train = held.Train.Filter(func(l string) bool { return slices.Contains(o.normal, l) })
	if held.Train.Len() == 0 {
		return held, cli.Usagef("normal", "%s has no training samples labelled %s", in.Data.Train.Source, strings.Join(o.normal, ","))
	}
	return held, nil
}

// threshold is the -threshold and where it comes from.
type threshold struct {
	value   float64
	from    string // "given", or what held.Train is (cli.Scored.TrainFrom)
	samples int    // the scores it comes from; 0 for a number
}

// fitThreshold returns the -threshold: a number as it is, else the rule
// applied to the scores of held.Train, the rows the net trained on where
// the checkpoint records them. When they are unknown it warns that the
// threshold comes from the scored rows or the data's training part.
func (o *options) fitThreshold(ctx context.Context, in *cli.Inputs, held cli.Scored, log logrus.FieldLogger, stderr io.Writer) (threshold, error) {
	if v, err := strconv.ParseFloat(o.threshold, 64); err == nil {
		return threshold{value: v, from: "given"}, nil
	}
	switch held.TrainFrom {
	case cli.FromScoredRows:
		log.Warnf("the threshold comes from the scored rows themselves (%s), so it cannot single out their own outliers: give -threshold VALUE, such as the threshold in the summary.json of scoring the training run's data", held.Unknown)
	case cli.FromTrainingPart:
		log.Warnf("the threshold comes from the data's training part (%s); give -threshold VALUE to set it", held.Unknown)
	}
	log.WithFields(logrus.Fields{"samples": held.Train.Len(), "rule": o.threshold, "from": held.TrainFrom}).Info("scoring the rows the threshold comes from")
	tr, err := scoreSet(ctx, in.Net, held.Train, 0, nil, cli.NewProgress(stderr, "train", held.Train.Len()))
	if err != nil {
		return threshold{}, err
	}
	v, err := metrics.Threshold(o.threshold, tr.scores)
	if err != nil {
		return threshold{}, cli.UsageError{Err: fmt.Errorf("-threshold: %w", err)}
	}
	return threshold{value: v, from: held.TrainFrom, samples: len(tr.scores)}, nil
}

// checkNormal checks that -normal names labels of the scored set.
func checkNormal(normal []string, set *data.Set) error {
	if normal == nil {
		return nil
	}
	if set.Labels == nil {
		return cli.Usagef("normal", "%s has no labels", set.Source)
	}
	classes := set.Classes()
	for _, l := range normal {
		if !slices.Contains(classes, l) {
			return cli.Usagef("normal", "%s has no samples labelled %q (its labels: %s)", set.Source, l, strings.Join(classes, ", "))
		}
	}
	return nil
}

// scoreSet scores the samples of set in batches, keeping the keep worst.
func scoreSet(ctx context.Context, a *nets.Autoencoder, set *data.Set, keep int, ex *explainer, bar *cli.Progress) (*scored, error) {
	size := set.Size()
	// the scores grow as the rows are read: a file's header may declare
	// more rows than the file holds, which the reading finds
	res := &scored{scores: make([]float64, 0, min(set.Len(), cli.Batch))}
	err := cli.EachScaledBatch(ctx, set, a, func(start int, x []float32) error {
		s, r, err := a.ScoreReconstructed(x)
		var se *nets.ScoreError
		if errors.As(err, &se) {
			return fmt.Errorf("-data: %s: sample %d scores %v, not a finite score (a value out of range?)", set.Source, start+se.Row, se.Score)
		}
		if err != nil {
			return err
		}
		for i, v := range s {
			if err := ex.add(start+i, v, x[i*size:(i+1)*size], r[i*size:(i+1)*size]); err != nil {
				return err
			}
			res.keepWorst(keep, sample{index: start + i, score: v, input: x[i*size : (i+1)*size], recon: r[i*size : (i+1)*size]})
		}
		res.scores = append(res.scores, s...)
		bar.Add(len(s))
		return nil
	})
	if err != nil {
		return nil, err
	}
	bar.Finish()
	return res, nil
}

// keepWorst keeps s among the k highest scores, copying its values.
func (r *scored) keepWorst(k int, s sample) {
	if k == 0 || (len(r.worst) == k && s.score <= r.worst[k-1].score) {
		return
	}
	s.input, s.recon = slices.Clone(s.input), slices.Clone(s.recon)
	i, _ := slices.BinarySearchFunc(r.worst, s.score, func(w sample, v float64) int {
		switch {
		case w.score > v:
			return -1
		case w.score < v:
			return 1
		}
		return 0
	})
	r.worst = slices.Insert(r.worst, i, s)
	if len(r.worst) > k {
		r.worst = r.worst[:k]
	}
}

// summarize counts the anomalies and ranks the scores against the labels.
func summarize(o *options, scores []float64, labels []string, t threshold) *cli.Summary {
	thr := t.value
	s := &cli.Summary{Checkpoint: o.ckpt, ThresholdRule: o.threshold, Threshold: thr, ThresholdFrom: t.from,
		ThresholdSamples: t.samples, Normal: o.normal, Samples: len(scores)}
	for _, v := range scores {
		s.MeanScore += v / float64(len(scores))
		if v > thr {
			s.Anomalies++
		}
	}
	if o.normal == nil || labels == nil {
		return s
	}
	pos := positives(labels, o.normal)
	c := &cli.Counts{}
	for i, v := range scores {
		switch called := v > thr; {
		case pos[i] && called:
			c.TruePositive++
		case pos[i]:
			c.FalseNegative++
		case called:
			c.FalsePositive++
		default:
			c.TrueNegative++
		}
	}
	s.Counts = c
	if auc, err := metrics.ROCAUC(scores, pos); err == nil {
		s.ROCAUC = &auc
	}
	if ap, err := metrics.AveragePrecision(scores, pos); err == nil {
		s.AveragePrecision = &ap
	}
	return s
}

// positives marks the samples whose label is not normal: the anomalies.
func positives(labels, normal []string) []bool {
	pos := make([]bool, len(labels))
	for i, l := range labels {
		pos[i] = !slices.Contains(normal, l)
	}
	return pos
}

// pictureNames are the pictures a run may draw: those it does not draw
// are removed from -out, being an earlier run's.
var pictureNames = []string{"histogram.png", "roc.png", "worst.png", "points.png"}

// writeAll writes the results and the pictures into a temporary folder
// and moves them into -out together, or none of them; it returns their
// paths.
func writeAll(o *options, a *nets.Autoencoder, res *scored, held cli.Scored, sum *cli.Summary, ex *explainer, log logrus.FieldLogger) ([]string, error) {
	labels := held.Set.Labels
	out, err := cli.NewOutputs(o.out)
	if err != nil {
		return nil, fmt.Errorf("-out: %w", err)
	}
	defer out.Abort()
	if err := writeResults(out, res.scores, held, sum); err != nil {
		return nil, fmt.Errorf("-out: %w", err)
	}
	if err := ex.write(out); err != nil {
		return nil, fmt.Errorf("-out: %w", err)
	}
	if err := writePoints(out, res.points, sum.Threshold, !o.noPictures); err != nil {
		return nil, err
	}
	if !o.noPictures {
		if err := drawPictures(out, a, res, labels, sum, o.normal, log); err != nil {
			return nil, fmt.Errorf("pictures: %w", err)
		}
	}
	files, err := out.Commit(append(slices.Clone(pictureNames), explainName, "points.csv")...)
	if err != nil {
		return nil, fmt.Errorf("-out: %w", err)
	}
	return files, nil
}

// writeResults writes scores.csv and summary.json into out. A sample's
// index is its row in the part of the data it is from, which part says.
func writeResults(out *cli.Outputs, scores []float64, held cli.Scored, sum *cli.Summary) error {
	var b bytes.Buffer
	b.WriteString("index,label,score,anomaly,part\n")
	labels := held.Set.Labels
	for i, v := range scores {
		label := ""
		if labels != nil {
			label = labels[i]
			if strings.ContainsAny(label, ",\"\n\r") {
				label = `"` + strings.ReplaceAll(label, `"`, `""`) + `"`
			}
		}
		part, row := held.Row(i)
		fmt.Fprintf(&b, "%d,%s,%s,%t,%s\n", row, label, strconv.FormatFloat(v, 'g', -1, 64), v > sum.Threshold, part)
	}
	if err := safetensors.WriteFileAtomic(out.Path("scores.csv"), b.Bytes(), 0o644); err != nil {
		return err
	}
	js, err := json.MarshalIndent(sum, "", "  ")
	if err != nil {
		return err
	}
	return safetensors.WriteFileAtomic(out.Path("summary.json"), append(js, '\n'), 0o644)
}

// printSummary prints the figures.
func printSummary(w io.Writer, s *cli.Summary) {
	fmt.Fprintf(w, "%d samples (%s part), %s scores: mean %.5f\n", s.Samples, s.Part, s.Loss, s.MeanScore)
	from := " (given)"
	if s.ThresholdSamples > 0 {
		from = fmt.Sprintf(" of the %d %s", s.ThresholdSamples, s.ThresholdFrom)
	}
	fmt.Fprintf(w, "threshold %s%s: %.6g; %d anomalies (%.1f%%)\n", s.ThresholdRule, from, s.Threshold, s.Anomalies, 100*float64(s.Anomalies)/float64(max(1, s.Samples)))
	if p := s.Points; p != nil {
		fmt.Fprintf(w, "points (rule %s): %d of %d flagged", p.Rule, p.Flagged, p.Points)
		if p.Flagged > 0 {
			fmt.Fprintf(w, ", from %s to %s", p.First, p.Last)
		}
		fmt.Fprintln(w)
	}
	if c := s.Counts; c != nil {
		fmt.Fprintf(w, "normal %s: TP %d  FP %d  TN %d  FN %d\n", strings.Join(s.Normal, ","), c.TruePositive, c.FalsePositive, c.TrueNegative, c.FalseNegative)
	}
	if s.ROCAUC != nil {
		fmt.Fprintf(w, "ROC AUC %.4f  average precision %.4f\n", *s.ROCAUC, *s.AveragePrecision)
	}
}

var errNoImage = errors.New("not images")

// imageOf returns the (C, H, W) shape of the net's samples, or
// errNoImage.
func imageOf(a *nets.Autoencoder) ([]int, error) {
	img := a.ImageShape()
	if img == nil || graph.Size(img) != graph.Size(a.SampleShape()) {
		return nil, errNoImage
	}
	return img, nil
}
