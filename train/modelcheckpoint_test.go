package train_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/go-autoencoders/ae/train"
)

// copyFiles copies the named files that exist from one folder to another.
func copyFiles(t *testing.T, from, to string, names ...string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(from, n))
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, n), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// csvAhead returns by how many epochs dir/history.csv is ahead of the
// history stored in dir/last.safetensors (none when there is no
// checkpoint yet), and fails unless that is 0 or 1 with every epoch of the
// checkpoint in the file as the checkpoint has it.
func csvAhead(t *testing.T, dir string) int {
	t.Helper()
	h := &train.History{}
	c, err := checkpoint.Read(filepath.Join(dir, "last.safetensors"))
	if err == nil {
		if h, err = train.CheckpointHistory(c); err != nil {
			t.Fatal(err)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "history.csv"))
	if errors.Is(err, fs.ErrNotExist) {
		got = []byte(csvOf(t, &train.History{}))
	} else if err != nil {
		t.Fatal(err)
	}
	want := csvOf(t, h)
	if string(got) == want {
		return 0
	}
	if rest, ok := strings.CutPrefix(string(got), want); ok && strings.Count(rest, "\n") == 1 && strings.HasSuffix(rest, "\n") {
		return 1
	}
	t.Fatalf("%s: history.csv\n%s\ndoes not agree with the checkpoint's %d epochs", dir, got, len(h.Epochs))
	return -1
}

// TestHistoryCSVFollowsCheckpoint snapshots the folder right after each
// file is written, as a kill at that instant would leave it, checks that
// history.csv is then equal to the checkpoint's history or one epoch
// ahead, never behind, and that a resume from a folder where it is ahead
// brings them back into agreement.
func TestHistoryCSVFollowsCheckpoint(t *testing.T) {
	dir, snaps := t.TempDir(), t.TempDir()
	files := []string{"last.safetensors", "best.safetensors", "history.csv"}
	ckpt := train.NewModelCheckpoint(dir)
	ckpt.HistoryCSV = filepath.Join(dir, "history.csv")
	var order []string
	ckpt.OnSave = func(path string, epoch int) {
		order = append(order, filepath.Base(path))
		copyFiles(t, dir, filepath.Join(snaps, filepath.Base(path)+"-"+strconv.Itoa(epoch)), files...)
	}
	ds, val := randomSet(48, 1), randomSet(16, 2)
	if _, err := newTrainer(t, newTinyAE(1), 3, ckpt).Fit(context.Background(), ds, &val); err != nil {
		t.Fatal(err)
	}
	if len(order) < 6 || !slices.Equal(order[:2], []string{"history.csv", "last.safetensors"}) {
		t.Fatalf("files written in the order %q, want history.csv then last.safetensors", order)
	}
	for epoch := 1; epoch <= 3; epoch++ {
		if a := csvAhead(t, filepath.Join(snaps, "history.csv-"+strconv.Itoa(epoch))); a != 1 {
			t.Errorf("killed after history.csv of epoch %d: history.csv %d epochs ahead, want 1", epoch, a)
		}
		if a := csvAhead(t, filepath.Join(snaps, "last.safetensors-"+strconv.Itoa(epoch))); a != 0 {
			t.Errorf("killed after last.safetensors of epoch %d: %d epochs ahead, want 0", epoch, a)
		}
	}
	if csvAhead(t, dir) != 0 {
		t.Error("after Fit history.csv is ahead of the checkpoint")
	}

	// resume from the folder killed between the two files of epoch 2
	killed := filepath.Join(snaps, "history.csv-2")
	resumed := train.NewModelCheckpoint(killed)
	resumed.HistoryCSV = filepath.Join(killed, "history.csv")
	tr := newTrainer(t, newTinyAE(7), 3, resumed)
	if err := tr.Restore(filepath.Join(killed, "last.safetensors")); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Fit(context.Background(), ds, &val); err != nil {
		t.Fatal(err)
	}
	if a := csvAhead(t, killed); a != 0 {
		t.Fatalf("after the resume history.csv is %d epochs ahead", a)
	}
	if got := readString(t, filepath.Join(killed, "history.csv")); got != csvOf(t, tr.History()) || len(tr.History().Epochs) != 3 {
		t.Fatalf("after the resume history.csv holds\n%s", got)
	}
}

// TestInterruptInFirstEpoch: an interrupted run that has ended no epoch
// saves nothing: its weights are no finished epoch's, and an earlier
// run's files stay as they were.
func TestInterruptInFirstEpoch(t *testing.T) {
	ds := randomSet(64, 1)
	run := func(dir string, seed uint64) error {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		ckpt := train.NewModelCheckpoint(dir)
		ckpt.HistoryCSV = filepath.Join(dir, "history.csv")
		_, err := newTrainer(t, newTinyAE(seed), 2, ckpt, &cancelAt{epoch: 1, batch: 2, cancel: cancel}).Fit(ctx, ds, nil)
		return err
	}

	fresh := t.TempDir()
	if err := run(fresh, 1); !errors.Is(err, context.Canceled) {
		t.Fatalf("Fit = %v, want context.Canceled", err)
	}
	if ents, _ := os.ReadDir(fresh); len(ents) != 0 {
		t.Fatalf("a fresh run interrupted in its first epoch left %v", ents)
	}

	earlier := t.TempDir()
	ckpt := train.NewModelCheckpoint(earlier)
	ckpt.HistoryCSV = filepath.Join(earlier, "history.csv")
	if _, err := newTrainer(t, newTinyAE(1), 1, ckpt).Fit(context.Background(), ds, nil); err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, n := range []string{"last.safetensors", "best.safetensors", "history.csv"} {
		before[n] = readString(t, filepath.Join(earlier, n))
	}
	if err := run(earlier, 2); !errors.Is(err, context.Canceled) {
		t.Fatalf("Fit = %v, want context.Canceled", err)
	}
	for n, b := range before {
		if readString(t, filepath.Join(earlier, n)) != b {
			t.Errorf("a run interrupted in its first epoch changed %s", n)
		}
	}
}

func TestModelCheckpointRemoveStaleTemps(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{".last.safetensors.tmp1", ".best.safetensors.tmp22", ".history.csv.tmp333", ".notes.txt.tmp4", "last.safetensors"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := train.NewModelCheckpoint(dir)
	c.HistoryCSV = filepath.Join(dir, "history.csv")
	removed, err := c.RemoveStaleTemps()
	if err != nil || len(removed) != 3 {
		t.Fatalf("RemoveStaleTemps = %q, %v; want 3 files", removed, err)
	}
	ents, _ := os.ReadDir(dir)
	var left []string
	for _, e := range ents {
		left = append(left, e.Name())
	}
	if !slices.Equal(left, []string{".notes.txt.tmp4", "last.safetensors"}) {
		t.Fatalf("left %q", left)
	}
}
