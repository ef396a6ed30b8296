package train_test

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

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

// csvBehind returns by how many epochs dir/history.csv is behind the
// history stored in dir/last.safetensors, and fails unless that is 0 or 1
// with every row the file holds equal to the checkpoint's.
func csvBehind(t *testing.T, dir string) int {
	t.Helper()
	c, err := train.ReadCheckpoint(filepath.Join(dir, "last.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	h, err := c.History()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "history.csv"))
	if errors.Is(err, fs.ErrNotExist) {
		got = []byte(csvOf(t, &train.History{}))
	} else if err != nil {
		t.Fatal(err)
	}
	for behind := 0; behind <= 1 && behind <= len(h.Epochs); behind++ {
		if string(got) == csvOf(t, &train.History{Epochs: h.Epochs[:len(h.Epochs)-behind]}) {
			return behind
		}
	}
	t.Fatalf("%s: history.csv\n%s\ndoes not agree with the checkpoint's %d epochs", dir, got, len(h.Epochs))
	return -1
}

// TestHistoryCSVFollowsCheckpoint snapshots the folder right after each
// file is written, as a kill at that instant would leave it, checks that
// history.csv is then equal to the checkpoint's history or one epoch
// behind, and that a resume from a folder where it is behind brings them
// back into agreement.
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
	if len(order) < 6 || !slices.Equal(order[:2], []string{"last.safetensors", "history.csv"}) {
		t.Fatalf("files written in the order %q, want last.safetensors then history.csv", order)
	}
	for epoch := 1; epoch <= 3; epoch++ {
		if b := csvBehind(t, filepath.Join(snaps, "last.safetensors-"+strconv.Itoa(epoch))); b != 1 {
			t.Errorf("killed after last.safetensors of epoch %d: history.csv %d epochs behind, want 1", epoch, b)
		}
		if b := csvBehind(t, filepath.Join(snaps, "history.csv-"+strconv.Itoa(epoch))); b != 0 {
			t.Errorf("killed after history.csv of epoch %d: %d epochs behind, want 0", epoch, b)
		}
	}
	if csvBehind(t, dir) != 0 {
		t.Error("after Fit history.csv is behind the checkpoint")
	}

	// resume from the folder killed between the two files of epoch 2
	killed := filepath.Join(snaps, "last.safetensors-2")
	resumed := train.NewModelCheckpoint(killed)
	resumed.HistoryCSV = filepath.Join(killed, "history.csv")
	tr := newTrainer(t, newTinyAE(7), 3, resumed)
	if err := tr.Restore(filepath.Join(killed, "last.safetensors")); err != nil {
		t.Fatal(err)
	}
	if _, err := tr.Fit(context.Background(), ds, &val); err != nil {
		t.Fatal(err)
	}
	if b := csvBehind(t, killed); b != 0 {
		t.Fatalf("after the resume history.csv is %d epochs behind", b)
	}
	if got := readString(t, filepath.Join(killed, "history.csv")); got != csvOf(t, tr.History()) || len(tr.History().Epochs) != 3 {
		t.Fatalf("after the resume history.csv holds\n%s", got)
	}
}

// TestInterruptInFirstEpoch: an interrupted run that has ended no epoch
// saves last.safetensors only if there is none.
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
	c, err := train.ReadCheckpoint(filepath.Join(fresh, "last.safetensors"))
	if err != nil || c.Epoch != 0 || c.Meta[train.MetaIterations] != "2" {
		t.Fatalf("interrupted fresh run: %v; want a checkpoint of epoch 0 after 2 steps", err)
	}
	if csvBehind(t, fresh) != 0 {
		t.Fatal("history.csv disagrees with the checkpoint")
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
