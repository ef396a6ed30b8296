package train_test

import (
	"bytes"
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/train"
)

func TestHistoryWriteCSV(t *testing.T) {
	h := &train.History{Epochs: []train.EpochLogs{
		{Epoch: 1, Loss: 0.5, ValLoss: 0.25, Seconds: 1.23456},
		{Epoch: 2, Loss: 1.0 / 3, ValLoss: math.NaN(), Seconds: 2},
	}}
	var b bytes.Buffer
	if err := h.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	want := "epoch,loss,val_loss,seconds\n1,0.5,0.25,1.235\n2,0.33333333,,2.000\n"
	if b.String() != want {
		t.Fatalf("WriteCSV wrote\n%s\nwant\n%s", b.String(), want)
	}
	b.Reset()
	if err := (&train.History{}).WriteCSV(&b); err != nil || b.String() != train.CSVHeader+"\n" {
		t.Fatalf("empty history: %q, %v", b.String(), err)
	}
}

// csvOf returns h as CSV.
func csvOf(t *testing.T, h *train.History) string {
	t.Helper()
	var b bytes.Buffer
	if err := h.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func readString(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestCSVLoggerRewrites checks that the file equals the history after every
// epoch, whatever it held before, and holds only that file in its folder.
func TestCSVLoggerRewrites(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "history.csv")
	if err := os.WriteFile(path, []byte("epoch,loss,val_loss,seconds\n1,9,9,9\n7,7,7,7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var rows []int
	check := &onEpochEnd{f: func(tr *train.Trainer, epoch int) {
		if got, want := readString(t, path), csvOf(t, tr.History()); got != want {
			t.Errorf("after epoch %d history.csv holds\n%s\nwant\n%s", epoch, got, want)
		}
		rows = append(rows, strings.Count(readString(t, path), "\n")-1)
	}}
	ds := randomSet(32, 1)
	tr := newTrainer(t, newTinyAE(1), 3, &train.CSVLogger{Path: path}, check)
	if _, err := tr.Fit(context.Background(), ds, &ds); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[0] != 1 || rows[2] != 3 {
		t.Fatalf("rows after each epoch %v, want [1 2 3]", rows)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("the folder holds %d files, want only history.csv", len(ents))
	}
}

// TestCSVLoggerFirstEpochFails: a run that fails in its first epoch leaves
// an earlier file as it was.
func TestCSVLoggerFirstEpochFails(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history.csv")
	old := "epoch,loss,val_loss,seconds\n1,0.5,,1.000\n"
	if err := os.WriteFile(path, []byte(old), 0o644); err != nil {
		t.Fatal(err)
	}
	tr, err := train.New(newTinyAE(1), train.Config{Epochs: 3, BatchSize: 16, Optimizer: &nanAdam{train.NewAdam(0.01), 1},
		Callbacks: []train.Callback{&train.CSVLogger{Path: path}}})
	if err != nil {
		t.Fatal(err)
	}
	defer tr.Close()
	if _, err := tr.Fit(context.Background(), randomSet(64, 1), nil); !errors.Is(err, train.ErrNonFinite) {
		t.Fatalf("Fit = %v, want ErrNonFinite", err)
	}
	if got := readString(t, path); got != old {
		t.Fatalf("history.csv now holds\n%s", got)
	}
}

// onEpochEnd calls f at the end of every epoch.
type onEpochEnd struct {
	train.BaseCallback
	f func(t *train.Trainer, epoch int)
}

func (c *onEpochEnd) OnEpochEnd(t *train.Trainer, epoch int, _ train.EpochLogs) error {
	c.f(t, epoch)
	return nil
}
