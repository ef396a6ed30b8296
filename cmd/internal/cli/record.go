package cli

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/checkpoint"
)

// DataRecord is what a training run read and which of its rows it
// validated on. cmd/train keeps it in its checkpoints (checkpoint.MetaData),
// so that a resume reads the same data the same way and cmd/eval and
// cmd/score score the rows the run did not train on.
type DataRecord struct {
	Path        string `json:"path"` // -data, absolute; "" for the bundled MNIST
	LabelColumn string `json:"label_column,omitempty"`
	Layout      string `json:"layout,omitempty"`
	Channels    int    `json:"channels,omitempty"`
	Size        string `json:"size,omitempty"`
	Classes     string `json:"classes,omitempty"`
	Limit       int    `json:"limit,omitempty"`
	ValData     string `json:"val_data,omitempty"` // absolute
	Stream      bool   `json:"stream,omitempty"`
	// Window, Stride, TimeColumn and Gaps are how a time series was cut
	// into windows; 0 and "" for data that is no series.
	Window     int    `json:"window,omitempty"`
	Stride     int    `json:"stride,omitempty"`
	TimeColumn string `json:"time_column,omitempty"`
	Gaps       bool   `json:"allow_gaps,omitempty"`
	// Split is how the validation rows were drawn from the training part,
	// after Classes and Limit; nil when the run validated on the data's
	// test part or on ValData.
	Split *data.SplitInfo `json:"split,omitempty"`
	// Fingerprint is the training part's, as read, before Classes and
	// Limit.
	Fingerprint data.Fingerprint `json:"fingerprint"`
}

// Meta returns the checkpoint metadata holding r.
func (r *DataRecord) Meta() (map[string]string, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("%s metadata: %w", checkpoint.MetaData, err)
	}
	return map[string]string{checkpoint.MetaData: string(b)}, nil
}

// ReadDataRecord returns the record of a checkpoint's data, nil for a
// checkpoint written before checkpoints kept one.
func ReadDataRecord(c *checkpoint.Checkpoint) (*DataRecord, error) {
	s, ok := c.Meta[checkpoint.MetaData]
	if !ok {
		return nil, nil
	}
	r := &DataRecord{}
	if err := json.Unmarshal([]byte(s), r); err != nil {
		return nil, fmt.Errorf("bad %s metadata: %w", checkpoint.MetaData, err)
	}
	return r, nil
}

// AbsPath returns path made absolute, "" for "".
func AbsPath(path string) string {
	if path == "" {
		return ""
	}
	if abs, err := filepath.Abs(path); err == nil {
		return abs
	}
	return path
}

// Trained returns the rows of s, the training part of the run's data, that
// the run trained on and those it did not (held out), each in increasing
// order: the rows of its -classes, the first -limit of them, less the
// validation rows drawn as Split says.
func (r *DataRecord) Trained(s *data.Set) (trained, heldOut []int, err error) {
	idx := make([]int, 0, s.Len())
	keep := ClassFilter(r.Classes)
	if r.Classes != "" && s.Labels == nil {
		return nil, nil, fmt.Errorf("%s has no labels, the run trained on those labelled %s", s.Source, r.Classes)
	}
	for i := range s.Len() {
		if r.Classes == "" || keep(s.Labels[i]) {
			idx = append(idx, i)
		}
	}
	if r.Limit > 0 && r.Limit < len(idx) {
		idx = idx[:r.Limit]
	}
	trained = idx
	if r.Split != nil {
		var labels []string
		if s.Labels != nil {
			labels = make([]string, len(idx))
			for j, i := range idx {
				labels[j] = s.Labels[i]
			}
		}
		tr, _, err := r.Split.Indices(len(idx), labels)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", s.Source, err)
		}
		trained = make([]int, len(tr))
		for j, i := range tr {
			trained[j] = idx[i]
		}
	}
	for i, j := 0, 0; i < s.Len(); i++ {
		if j < len(trained) && trained[j] == i {
			j++
			continue
		}
		heldOut = append(heldOut, i)
	}
	return trained, heldOut, nil
}

// Scored is what cmd/eval and cmd/score score, and what their baselines
// and thresholds are fitted on.
type Scored struct {
	Set   *data.Set // the samples scored
	Train *data.Set // the samples the net trained on, or could have
	Part  string    // what Set is, for the output: test, held-out: ..., all
	// Note says, when not "", why every row is scored though -all was
	// not given.
	Note string
	// TrainFrom says what Train is: FromTrainedRows, FromTrainingPart or
	// FromScoredRows.
	TrainFrom string
	// Unknown says, when not "", why the rows the net trained on are not
	// known.
	Unknown   string
	rows      []int // rows[i] is the row of sample i of Set in its part; nil: i
	firstTest int   // the samples of Set from firstTest on are the test part's
}

// What Scored.Train is.
const (
	// FromTrainedRows: the rows the checkpoint records the net trained on.
	FromTrainedRows = "trained rows"
	// FromTrainingPart: the training part of data with a test part, when
	// the rows the net trained on are unknown.
	FromTrainingPart = "training part"
	// FromScoredRows: the rows scored themselves, when the rows the net
	// trained on are unknown and the data has no test part.
	FromScoredRows = "scored rows"
)

// Row returns where sample i of Set is in the data: its part, "training"
// or "test", and its row in that part, counted from 0.
func (s Scored) Row(i int) (part string, row int) {
	part, row = "training", i
	if i >= s.firstTest {
		part, row = "test", i-s.firstTest
	}
	if s.rows != nil {
		row = s.rows[i]
	}
	return part, row
}

// runRows are the rows of a data set's training part that a run trained
// on and those it did not, when the checkpoint records them.
type runRows struct {
	trained, held []int
	known         bool
	part          string // the held-out rows, for the output
	note          string // why they are not known
}

// rowsOf returns the rows of train, the data's training part, that the
// run trained on, as its record r says.
func rowsOf(train *data.Set, r *DataRecord) (runRows, error) {
	if r == nil {
		return runRows{note: "the checkpoint does not record which rows it trained on"}, nil
	}
	read := train
	if r.Limit > 0 && r.Classes == "" {
		read = read.Head(r.Limit) // as cmd/train read it
	}
	fp, err := data.FingerprintOf(train.Source, read)
	if err != nil {
		return runRows{}, fmt.Errorf("-data: %w", err)
	}
	if d := r.Fingerprint.Diff(fp); d != "" {
		return runRows{note: "the data is not the data the net trained on: it has " + d}, nil
	}
	trained, held, err := r.Trained(train)
	if err != nil {
		return runRows{}, fmt.Errorf("-data: %w", err)
	}
	part := fmt.Sprintf("held-out: the %d rows the net did not train on", len(held))
	if r.Split != nil && r.Classes == "" && r.Limit == 0 {
		part = "held-out: the " + r.Split.String()
	}
	return runRows{trained: trained, held: held, known: true, part: part}, nil
}

// pick returns the rows idx of s, s itself when they are all its rows
// and its first rows when they are those.
func pick(s *data.Set, idx []int) *data.Set {
	if len(idx) > 0 && idx[len(idx)-1] == len(idx)-1 {
		return s.Head(len(idx))
	}
	return s.Pick(idx)
}

// ScoredPart returns what the commands score of split, the data, for the
// checkpoint at ckpt. With all, every sample: the training part, then the
// test part if any. Else the test part if the data has one; else the rows
// of the training part the run did not train on, as the checkpoint
// records them. It falls back to every row, and says why in Note, when
// the checkpoint records no data, when the data is not the run's, or when
// the run trained on every row. Train is the rows the net trained on
// where the checkpoint records them, else the training part.
func ScoredPart(split *data.Split, ckpt string, all bool) (Scored, error) {
	c, err := nets.ReadCheckpoint(ckpt)
	if err != nil {
		return Scored{}, err
	}
	r, err := ReadDataRecord(c)
	if err != nil {
		return Scored{}, fmt.Errorf("%s: %w", ckpt, err)
	}
	return scoredPart(split, r, all)
}

// Scored returns what the commands score of the inputs (ScoredPart).
func (in *Inputs) Scored(all bool) (Scored, error) {
	return scoredPart(in.Data, in.Record, all)
}

// scoredPart is ScoredPart for a checkpoint whose data record is r.
func scoredPart(split *data.Split, r *DataRecord, all bool) (Scored, error) {
	run, err := rowsOf(split.Train, r)
	if err != nil {
		return Scored{}, err
	}
	s := Scored{Set: split.Train, Train: split.Train, Part: "all", TrainFrom: FromScoredRows, firstTest: split.Train.Len()}
	switch {
	case run.known:
		s.Train, s.TrainFrom = pick(split.Train, run.trained), FromTrainedRows
	case split.Test != nil:
		s.TrainFrom = FromTrainingPart
	}
	s.Unknown = run.note
	switch {
	case all && split.Test != nil:
		if s.Set, err = data.Concat(split.Train, split.Test); err != nil {
			return Scored{}, fmt.Errorf("-data: %w", err)
		}
		s.Part = "all: training and test"
	case all:
	case split.Test != nil:
		s.Set, s.Part, s.firstTest = split.Test, "test", 0
	case !run.known:
		s.Note = run.note
	case len(run.held) == 0:
		s.Note = "the net trained on every row"
	default:
		s.Set, s.rows, s.Part = split.Train.Pick(run.held), run.held, run.part
	}
	return s, nil
}

// ClassFilter returns whether a label is one of classes, a -classes list
// ("A,B", spaces around names ignored): the one reading of -classes, so
// that the rows cmd/train keeps are the rows eval and score rebuild.
func ClassFilter(classes string) func(label string) bool {
	keep := map[string]bool{}
	for _, c := range strings.Split(classes, ",") {
		keep[strings.TrimSpace(c)] = true
	}
	return func(label string) bool { return keep[label] }
}
