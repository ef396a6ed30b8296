package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/train"
)

// TestSecondRunIntoOneFolder: a run into a folder another run holds fails
// at once, naming the folder and the other process (issue 9, defect 7).
func TestSecondRunIntoOneFolder(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	unlock, err := train.LockDir(out)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	r := runCLI(t, "-arch", "dense", "-epochs", "1", "-quiet", "-data", tinyMNIST(t), "-out", out)
	if r.code != exitFailure || !strings.Contains(r.stderr, out) || !strings.Contains(r.stderr, "process") {
		t.Fatalf("exit %d, stderr %q: want 1 and an error naming %s and the process", r.code, r.stderr, out)
	}
	if _, err := os.Stat(filepath.Join(out, "history.csv")); err == nil {
		t.Error("the refused run wrote history.csv")
	}
}

// TestResumeKeepsTheRun: -lr 0.01 for epoch 1 and a resume without -lr
// give the weights of two epochs straight at 0.01; the resume writes into
// the checkpoint's folder when -out is not given (issue 9, defects 3, 9).
func TestResumeKeepsTheRun(t *testing.T) {
	dir := tinyMNIST(t)
	straight := filepath.Join(t.TempDir(), "straight")
	if r := runCLI(t, "-arch", "dense", "-epochs", "2", "-batch", "8", "-lr", "0.01", "-seed", "4", "-quiet", "-no-pictures", "-data", dir, "-out", straight); r.code != exitOK {
		t.Fatalf("straight: %s", r.stderr)
	}
	out := filepath.Join(t.TempDir(), "run")
	if r := runCLI(t, "-arch", "dense", "-epochs", "1", "-batch", "8", "-lr", "0.01", "-seed", "4", "-quiet", "-no-pictures", "-data", dir, "-out", out); r.code != exitOK {
		t.Fatalf("first epoch: %s", r.stderr)
	}
	last := filepath.Join(out, "last.safetensors")
	if r := runCLI(t, "-resume", last, "-epochs", "2", "-quiet", "-no-pictures", "-data", dir); r.code != exitOK {
		t.Fatalf("resume: %s", r.stderr)
	}
	clitest.SameWeights(t, filepath.Join(straight, "last.safetensors"), last)
	if rows := historyRows(t, out); len(rows) != 2 {
		t.Errorf("history %q, want 2 rows", rows)
	}
	// contradicting the checkpoint is an error; changing -lr is logged
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-batch", "16"}, exitUsage, "-batch"},
		{[]string{"-seed", "5"}, exitUsage, "-seed"},
		{[]string{"-optimizer", "sgd"}, exitUsage, "-optimizer"},
		{[]string{"-code", "64"}, exitUsage, "-code"},
		{[]string{"-loss", "mse"}, exitUsage, "-loss"},
		{[]string{"-lr", "0.5"}, exitOK, "changes the learning rate"},
	} {
		args := append([]string{"-resume", last, "-epochs", "3", "-quiet", "-no-pictures", "-data", dir, "-out", filepath.Join(t.TempDir(), "x")}, c.args...)
		r := runCLI(t, args...)
		if r.code != c.code || !strings.Contains(r.stderr, c.want) {
			t.Errorf("resume %v: exit %d, stderr %q; want %d and %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
}

// TestSizeBounds: sizes that cannot fit are bad flags with an estimate,
// never a panic or an out-of-memory death (issue 9, defect 5).
func TestSizeBounds(t *testing.T) {
	dir := tinyMNIST(t)
	defer func(f func() (int64, bool)) { memoryAvailable = f }(memoryAvailable)
	memoryAvailable = func() (int64, bool) { return 10 << 20, true }
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-arch", "conv-t", "-batch", "20"}, "needs about"},
		{[]string{"-arch", "dense", "-code", "10000000"}, "-code"},
		{[]string{"-layers", "100000,100000"}, "-layers"},
	} {
		out := filepath.Join(t.TempDir(), "run")
		r := runCLI(t, append(c.args, "-epochs", "1", "-quiet", "-data", dir, "-out", out)...)
		if r.code != exitUsage || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d naming %s", c.args, r.code, r.stderr, exitUsage, c.want)
		}
	}
	// a batch larger than the data set is one batch of all of it
	for _, batch := range []string{"1099511627776", "9223372036854775807"} {
		huge := filepath.Join(t.TempDir(), "huge")
		if r := runCLI(t, "-arch", "dense", "-batch", batch, "-epochs", "1", "-quiet", "-no-pictures", "-data", dir, "-out", huge); r.code != exitOK {
			t.Errorf("-batch %s on 20 images: exit %d, %s", batch, r.code, r.stderr)
		}
	}
}

// TestStaleTempsRemoved: the temporary files a killed run left are removed
// when the next run starts (issue 9, defect 6).
func TestStaleTempsRemoved(t *testing.T) {
	out := filepath.Join(t.TempDir(), "run")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(out, ".last.safetensors.tmp12345")
	if err := os.WriteFile(stale, []byte("half a checkpoint"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := runCLI(t, "-arch", "dense", "-epochs", "1", "-quiet", "-no-pictures", "-data", tinyMNIST(t), "-out", out); r.code != exitOK {
		t.Fatal(r.stderr)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Error("the stale temporary file is still there")
	}
}

// TestResumeAcceptsAgreeingFlags: the training command repeated with
// -resume added continues the run; a flag that agrees with the checkpoint
// is accepted, one that contradicts it is an error naming it (issue 24).
func TestResumeAcceptsAgreeingFlags(t *testing.T) {
	dir := tinyMNIST(t)
	out := filepath.Join(t.TempDir(), "r")
	command := []string{"-arch", "dense", "-code", "16", "-loss", "bce", "-batch", "8", "-optimizer", "adam", "-seed", "3", "-quiet", "-no-pictures", "-data", dir, "-out", out}
	if r := runCLI(t, append(command, "-epochs", "1")...); r.code != exitOK {
		t.Fatalf("first epoch: %s", r.stderr)
	}
	last := filepath.Join(out, "last.safetensors")
	if r := runCLI(t, append(command, "-epochs", "2", "-resume", last)...); r.code != exitOK {
		t.Fatalf("the command repeated with -resume: exit %d, %s", r.code, r.stderr)
	}
	if rows := historyRows(t, out); len(rows) != 2 {
		t.Errorf("history %q, want 2 rows", rows)
	}
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"-arch", "conv"}, "-arch"},
		{[]string{"-code", "8"}, "-code"},
		{[]string{"-loss", "mse"}, "-loss"},
		{[]string{"-batch", "4"}, "-batch"},
		{[]string{"-optimizer", "sgd"}, "-optimizer"},
		{[]string{"-layers", "64,16"}, "-layers"},
	} {
		args := append([]string{"-resume", last, "-epochs", "3", "-quiet", "-no-pictures", "-data", dir}, c.args...)
		r := runCLI(t, args...)
		if ls := lines(r.stderr); r.code != exitUsage || len(ls) == 0 || !strings.HasPrefix(ls[0], "train: "+c.flag+":") {
			t.Errorf("resume %v: exit %d, stderr %q; want %d and an error naming %s", c.args, r.code, r.stderr, exitUsage, c.flag)
		}
	}
}

// TestNoShuffle: -shuffle=false trains other weights than the shuffled
// run of the same seed (train's TestEpochOrderInOrder checks the order);
// a resume keeps it without the flag, and contradicting it either way is
// an error naming -shuffle.
func TestNoShuffle(t *testing.T) {
	dir := tinyMNIST(t)
	run := func(out string, args ...string) string {
		t.Helper()
		args = append([]string{"-arch", "dense", "-batch", "8", "-quiet", "-no-pictures", "-data", dir, "-out", out}, args...)
		if r := runCLI(t, args...); r.code != exitOK {
			t.Fatalf("%v: exit %d, %s", args, r.code, r.stderr)
		}
		return filepath.Join(out, "last.safetensors")
	}
	tmp := t.TempDir()
	a := run(filepath.Join(tmp, "a"), "-epochs", "2", "-seed", "4", "-shuffle=false")
	c := run(filepath.Join(tmp, "c"), "-epochs", "1", "-seed", "4", "-shuffle=false")
	if r := runCLI(t, "-resume", c, "-epochs", "2", "-quiet", "-no-pictures", "-data", dir); r.code != exitOK {
		t.Fatalf("resume: %s", r.stderr)
	}
	clitest.SameWeights(t, a, c)
	r := runCLI(t, "-resume", c, "-epochs", "3", "-shuffle", "-quiet", "-no-pictures", "-data", dir)
	if ls := lines(r.stderr); r.code != exitUsage || len(ls) == 0 || !strings.HasPrefix(ls[0], "train: -shuffle:") {
		t.Errorf("resume with -shuffle: exit %d, stderr %q; want %d and an error naming -shuffle", r.code, r.stderr, exitUsage)
	}
	shuffled := run(filepath.Join(tmp, "d"), "-epochs", "2", "-seed", "4")
	if clitest.WeightsEqual(t, a, shuffled) {
		t.Error("shuffled and unshuffled runs trained the same weights")
	}
	r = runCLI(t, "-resume", shuffled, "-epochs", "3", "-shuffle=false", "-quiet", "-no-pictures", "-data", dir)
	if ls := lines(r.stderr); r.code != exitUsage || len(ls) == 0 || !strings.HasPrefix(ls[0], "train: -shuffle:") {
		t.Errorf("a shuffled run resumed with -shuffle=false: exit %d, stderr %q; want %d and an error naming -shuffle", r.code, r.stderr, exitUsage)
	}
}
