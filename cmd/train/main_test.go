package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/nets/checkpoint"
)

// Exit codes, as cli has them.
const (
	exitOK          = cli.ExitOK
	exitFailure     = cli.ExitFailure
	exitUsage       = cli.ExitUsage
	exitInterrupted = cli.ExitInterrupted
)

// result is what one call of run gave.
type result struct {
	code           int
	stdout, stderr string
}

// runCLI calls run with args and a background context.
func runCLI(t *testing.T, args ...string) result {
	t.Helper()
	return runCLICtx(t, context.Background(), nil, args...)
}

// runCLICtx calls run with ctx; stdout, when not nil, also receives the
// command's standard output.
func runCLICtx(t *testing.T, ctx context.Context, stdout *syncWriter, args ...string) result {
	t.Helper()
	if stdout == nil {
		stdout = &syncWriter{}
	}
	var stderr bytes.Buffer
	code := run(ctx, args, stdout, &stderr)
	r := result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	if strings.Contains(r.stderr, "goroutine") || strings.Contains(r.stdout, "goroutine") {
		t.Errorf("train %s: output holds a stack trace:\n%s%s", strings.Join(args, " "), r.stdout, r.stderr)
	}
	return r
}

// syncWriter is a bytes.Buffer safe for concurrent use that can call
// onWrite after each write.
type syncWriter struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	onWrite func(all string)
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	n, err := w.buf.Write(p)
	all := w.buf.String()
	f := w.onWrite
	w.mu.Unlock()
	if f != nil {
		f(all)
	}
	return n, err
}

func (w *syncWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

// writeIDX writes an IDX file of unsigned bytes.
func writeIDX(t *testing.T, path string, dims []int, payload []byte) {
	t.Helper()
	b := []byte{0, 0, 0x08, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, uint32(d))
	}
	b = append(b, payload...)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// fakeMNIST writes the four MNIST files, with nTrain and nTest random
// images of rows×cols pixels, into a new temporary folder.
func fakeMNIST(t *testing.T, nTrain, nTest, rows, cols int) string {
	t.Helper()
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(nTrain), uint64(nTest)))
	random := func(n int, mod uint) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.UintN(mod))
		}
		return b
	}
	writeIDX(t, filepath.Join(dir, data.TrainImagesFile), []int{nTrain, rows, cols}, random(nTrain*rows*cols, 256))
	writeIDX(t, filepath.Join(dir, data.TrainLabelsFile), []int{nTrain}, random(nTrain, 10))
	writeIDX(t, filepath.Join(dir, data.TestImagesFile), []int{nTest, rows, cols}, random(nTest*rows*cols, 256))
	writeIDX(t, filepath.Join(dir, data.TestLabelsFile), []int{nTest}, random(nTest, 10))
	return dir
}

// tinyMNIST is the standard small fake data set of the tests.
func tinyMNIST(t *testing.T) string { return fakeMNIST(t, 20, 10, 28, 28) }

func lines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// historyRows checks the header of dir/history.csv and returns its rows.
func historyRows(t *testing.T, dir string) []string {
	t.Helper()
	ls := lines(string(readFile(t, filepath.Join(dir, "history.csv"))))
	if len(ls) == 0 || ls[0] != "epoch,loss,val_loss,seconds" {
		t.Fatalf("history.csv starts with %q, want the header epoch,loss,val_loss,seconds", ls)
	}
	return ls[1:]
}

func TestBadFlags(t *testing.T) {
	cases := []struct {
		name string
		args []string
		flag string // what the error line must name
	}{
		{"arch", []string{"-arch", "foo"}, "-arch"},
		{"epochs", []string{"-epochs", "-1"}, "-epochs"},
		{"epochs not a number", []string{"-epochs", "many"}, "-epochs"},
		{"batch", []string{"-batch", "-3"}, "-batch"},
		{"optimizer", []string{"-optimizer", "adagrad"}, "-optimizer"},
		{"lr", []string{"-lr", "-1"}, "-lr"},
		{"lr NaN", []string{"-lr", "NaN"}, "-lr"},
		{"loss", []string{"-loss", "hinge"}, "-loss"},
		{"code", []string{"-code", "-5"}, "-code"},
		{"code for conv", []string{"-code", "8", "-arch", "conv"}, "-code"},
		{"l1 NaN", []string{"-l1", "NaN", "-arch", "dense"}, "-l1"},
		{"explicit zero epochs", []string{"-epochs", "0"}, "-epochs"},
		{"explicit zero batch", []string{"-batch", "0"}, "-batch"},
		{"explicit zero code", []string{"-arch", "dense", "-code", "0"}, "-code"},
		{"layers and arch", []string{"-arch", "dense", "-layers", "64,16"}, "-layers"},
		{"layers not sizes", []string{"-layers", "64,x"}, "-layers"},
		{"noise kind", []string{"-noise", "speckle:0.1"}, "-noise"},
		{"noise fraction", []string{"-noise", "mask:1.5"}, "-noise"},
		{"contractive on conv", []string{"-arch", "conv", "-contractive", "0.1"}, "-contractive"},
		{"contractive negative", []string{"-arch", "dense", "-contractive", "-1"}, "-contractive"},
		{"beta negative", []string{"-arch", "vae", "-beta", "-1"}, "-beta"},
		{"beta without vae", []string{"-arch", "dense", "-beta", "2"}, "-beta"},
		{"vae on conv", []string{"-arch", "conv", "-vae"}, "-arch"},
		{"select more than the input", []string{"-arch", "concrete", "-select", "800"}, "-select"},
		{"select on dense", []string{"-arch", "dense", "-select", "8"}, "-select"},
		{"spec file missing", []string{"-arch", "nowhere.json"}, "nowhere.json"},
		{"val-split", []string{"-val-split", "1.5"}, "-val-split"},
		{"limit", []string{"-limit", "-2"}, "-limit"},
		{"unknown flag", []string{"-nosuchflag"}, "-nosuchflag"},
		{"missing value", []string{"-arch"}, "-arch"},
		{"positional argument", []string{"-arch", "dense", "extra"}, `"extra"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := t.TempDir()
			// -out first, so that a flag missing its value can come last
			args := append([]string{"-out", filepath.Join(out, "run")}, c.args...)
			r := runCLI(t, args...)
			if r.code != exitUsage {
				t.Errorf("exit code %d, want %d; stderr:\n%s", r.code, exitUsage, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout is %q, want nothing", r.stdout)
			}
			ls := lines(r.stderr)
			if len(ls) != 2 {
				t.Fatalf("stderr has %d lines, want the error and the hint:\n%s", len(ls), r.stderr)
			}
			if !strings.HasPrefix(ls[0], "train: ") || !strings.Contains(ls[0], c.flag) {
				t.Errorf("error line %q does not name %s", ls[0], c.flag)
			}
			if ls[1] != "Run 'train -h' for the flags." {
				t.Errorf("hint line is %q", ls[1])
			}
			if _, err := os.Stat(filepath.Join(out, "run")); err == nil {
				t.Errorf("a bad command line created the -out folder")
			}
		})
	}
}

func TestHelp(t *testing.T) {
	r := runCLI(t, "-h")
	if r.code != exitOK {
		t.Errorf("exit code %d, want 0", r.code)
	}
	if r.stdout != "" {
		t.Errorf("stdout is %q, want nothing", r.stdout)
	}
	// the defaults come from the named specs, not from hand-written text
	for _, f := range []string{"-arch", "-epochs", "-resume", "-val-split", "vae 100 at batch 32", "adadelta"} {
		if !strings.Contains(r.stderr, f) {
			t.Errorf("the help does not list %s:\n%s", f, r.stderr)
		}
	}
}

func TestBadData(t *testing.T) {
	cases := []struct {
		name string
		// setup returns the -data folder and the file the error must name
		setup func(t *testing.T) (dir, file string)
	}{
		{"empty folder", func(t *testing.T) (string, string) {
			dir := t.TempDir()
			return dir, dir
		}},
		{"missing folder", func(t *testing.T) (string, string) {
			dir := filepath.Join(t.TempDir(), "nowhere")
			return dir, dir
		}},
		{"wrong magic", func(t *testing.T) (string, string) {
			dir := tinyMNIST(t)
			p := filepath.Join(dir, data.TrainImagesFile)
			b := readFile(t, p)
			b[2] = 0x42
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
			return dir, p
		}},
		{"truncated images", func(t *testing.T) (string, string) {
			dir := tinyMNIST(t)
			p := filepath.Join(dir, data.TrainImagesFile)
			b := readFile(t, p)
			if err := os.WriteFile(p, b[:len(b)/2], 0o644); err != nil {
				t.Fatal(err)
			}
			return dir, p
		}},
		{"truncated header", func(t *testing.T) (string, string) {
			dir := tinyMNIST(t)
			p := filepath.Join(dir, data.TrainImagesFile)
			if err := os.WriteFile(p, []byte{0, 0, 8, 3, 0, 0}, 0o644); err != nil {
				t.Fatal(err)
			}
			return dir, p
		}},
		{"truncated test images", func(t *testing.T) (string, string) {
			dir := tinyMNIST(t)
			p := filepath.Join(dir, data.TestImagesFile)
			b := readFile(t, p)
			if err := os.WriteFile(p, b[:len(b)-1], 0o644); err != nil {
				t.Fatal(err)
			}
			return dir, p
		}},
		{"labels do not match", func(t *testing.T) (string, string) {
			dir := tinyMNIST(t)
			p := filepath.Join(dir, data.TrainLabelsFile)
			writeIDX(t, p, []int{19}, make([]byte, 19))
			return dir, p
		}},
		{"test images of another size", func(t *testing.T) (string, string) {
			dir := tinyMNIST(t)
			p := filepath.Join(dir, data.TestImagesFile)
			writeIDX(t, p, []int{10, 10, 10}, make([]byte, 1000))
			return dir, p
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir, file := c.setup(t)
			out := filepath.Join(t.TempDir(), "run")
			r := runCLI(t, "-arch", "dense", "-epochs", "1", "-quiet", "-data", dir, "-out", out)
			if r.code != exitFailure {
				t.Errorf("exit code %d, want %d; stderr:\n%s", r.code, exitFailure, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout is %q, want nothing", r.stdout)
			}
			ls := lines(r.stderr)
			if len(ls) != 1 {
				t.Fatalf("stderr has %d lines, want one error:\n%s", len(ls), r.stderr)
			}
			if !strings.HasPrefix(ls[0], "train: ") || !strings.Contains(ls[0], file) {
				t.Errorf("error %q does not name %s", ls[0], file)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("bad data created the -out folder")
			}
		})
	}
}

// trainTiny trains a dense net for epochs epochs on dir into out and
// checks that it succeeded.
func trainTiny(t *testing.T, dir, out string, epochs int) {
	t.Helper()
	r := runCLI(t, "-arch", "dense", "-epochs", strconv.Itoa(epochs), "-batch", "8", "-quiet", "-data", dir, "-out", out)
	if r.code != exitOK {
		t.Fatalf("exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
}

func TestTrainAndResume(t *testing.T) {
	dir := tinyMNIST(t)
	out := filepath.Join(t.TempDir(), "run")
	trainTiny(t, dir, out, 2)
	if rows := historyRows(t, out); len(rows) != 2 {
		t.Fatalf("history.csv has %d rows after 2 epochs, want 2: %q", len(rows), rows)
	}
	for _, f := range []string{"last.safetensors", "best.safetensors"} {
		c, err := checkpoint.Read(filepath.Join(out, f))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if f == "last.safetensors" && c.Epoch != 2 {
			t.Errorf("%s holds epoch %d, want 2", f, c.Epoch)
		}
	}

	last := filepath.Join(out, "last.safetensors")
	r := runCLI(t, "-resume", last, "-epochs", "3", "-data", dir, "-out", out, "-quiet")
	if r.code != exitOK {
		t.Fatalf("resume: exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	rows := historyRows(t, out)
	if len(rows) != 3 {
		t.Fatalf("history.csv has %d rows after resuming up to epoch 3, want 3: %q", len(rows), rows)
	}
	for i, row := range rows {
		f := strings.Split(row, ",")
		if len(f) != 4 || f[0] != strconv.Itoa(i+1) || f[1] == "" || f[2] == "" {
			t.Errorf("row %d is %q, want epoch %d with loss and val_loss", i+1, row, i+1)
		}
	}
	if c, err := checkpoint.Read(last); err != nil || c.Epoch != 3 {
		t.Errorf("after the resume last.safetensors: %v, %v; want epoch 3", c, err)
	}

	before := readFile(t, filepath.Join(out, "history.csv"))
	r = runCLI(t, "-resume", last, "-epochs", "2", "-data", dir, "-out", out, "-quiet")
	if r.code != exitUsage {
		t.Errorf("resume of a run already past -epochs: exit code %d, want %d; stderr:\n%s", r.code, exitUsage, r.stderr)
	}
	if !strings.Contains(r.stderr, "-epochs") {
		t.Errorf("the error does not name -epochs:\n%s", r.stderr)
	}
	if after := readFile(t, filepath.Join(out, "history.csv")); !bytes.Equal(before, after) {
		t.Errorf("a refused resume changed history.csv")
	}
}

// TestEarlierResultsIntact checks that a run that fails before training
// leaves the files of an earlier run in -out as they were.
func TestEarlierResultsIntact(t *testing.T) {
	dir := tinyMNIST(t)
	out := filepath.Join(t.TempDir(), "run")
	trainTiny(t, dir, out, 1)
	files := append([]string{"history.csv", "last.safetensors", "best.safetensors"}, pictureFiles...)
	want := map[string][]byte{}
	for _, f := range files {
		want[f] = readFile(t, filepath.Join(out, f))
	}
	last := filepath.Join(out, "last.safetensors")

	other := t.TempDir()
	corrupt := filepath.Join(other, "corrupt.safetensors")
	if err := os.WriteFile(corrupt, want["last.safetensors"][:len(want["last.safetensors"])/2], 0o644); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(other, "notes.safetensors")
	if err := os.WriteFile(garbage, []byte("these are not the weights you are looking for\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	hugeHeader := filepath.Join(other, "huge.safetensors")
	if err := os.WriteFile(hugeHeader, binary.LittleEndian.AppendUint64(nil, 1<<62), 0o644); err != nil {
		t.Fatal(err)
	}
	badDir := t.TempDir()
	if err := os.WriteFile(filepath.Join(badDir, data.TrainImagesFile), []byte{1, 2, 3, 4, 5, 6, 7, 8}, 0o644); err != nil {
		t.Fatal(err)
	}

	smallDir := fakeMNIST(t, 20, 10, 10, 10)

	cases := []struct {
		name    string
		args    []string
		code    int
		mention string // what stderr must mention
	}{
		{"bad flag", []string{"-arch", "foo"}, exitUsage, "-arch"},
		{"bad data", []string{"-arch", "dense", "-data", badDir}, exitFailure, data.TrainImagesFile},
		{"empty data folder", []string{"-arch", "dense", "-data", t.TempDir()}, exitFailure, "no images"},
		{"val-split leaves nothing", []string{"-arch", "dense", "-val-split", "0.01", "-data", dir}, exitUsage, "-val-split"},
		{"corrupt resume file", []string{"-resume", corrupt, "-data", dir}, exitFailure, corrupt},
		{"resume file not safetensors", []string{"-resume", garbage, "-data", dir}, exitFailure, garbage},
		{"resume file with a huge header", []string{"-resume", hugeHeader, "-data", dir}, exitFailure, hugeHeader},
		{"missing resume file", []string{"-resume", filepath.Join(other, "none.safetensors"), "-data", dir}, exitFailure, "none.safetensors"},
		{"resume data not a checkpoint", []string{"-resume", filepath.Join(dir, data.TrainImagesFile), "-data", dir}, exitFailure, data.TrainImagesFile},
		{"resume with another arch", []string{"-resume", last, "-arch", "conv", "-data", dir}, exitUsage, "-arch"},
		{"resume already trained", []string{"-resume", last, "-epochs", "1", "-data", dir}, exitUsage, "-epochs"},
		{"resume with bad data", []string{"-resume", last, "-epochs", "5", "-data", badDir}, exitFailure, data.TrainImagesFile},
		{"resume on images of another size", []string{"-resume", last, "-epochs", "5", "-data", smallDir}, exitFailure, "10x10"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append(c.args, "-quiet", "-out", out)
			r := runCLI(t, args...)
			if r.code != c.code {
				t.Errorf("exit code %d, want %d; stderr:\n%s", r.code, c.code, r.stderr)
			}
			if !strings.Contains(r.stderr, c.mention) {
				t.Errorf("stderr does not mention %s:\n%s", c.mention, r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("stdout is %q, want nothing", r.stdout)
			}
			for _, f := range files {
				if got := readFile(t, filepath.Join(out, f)); !bytes.Equal(got, want[f]) {
					t.Errorf("%s changed", f)
				}
			}
			entries, err := os.ReadDir(out)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range entries {
				names = append(names, e.Name()) // the first run's lock file went with it
			}
			if len(names) != len(files) {
				t.Errorf("-out now holds %q, want only %q", names, files)
			}
		})
	}
}

func TestValSplit(t *testing.T) {
	dir := tinyMNIST(t)
	out := filepath.Join(t.TempDir(), "run")
	r := runCLI(t, "-arch", "dense", "-epochs", "1", "-batch", "8", "-val-split", "0.25", "-quiet", "-data", dir, "-out", out)
	if r.code != exitOK {
		t.Fatalf("exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "train=15") || !strings.Contains(r.stderr, "val=5") {
		t.Errorf("the log does not report 15 training and 5 validation images:\n%s", r.stderr)
	}
	rows := historyRows(t, out)
	if len(rows) != 1 || strings.Split(rows[0], ",")[2] == "" {
		t.Errorf("history.csv rows %q, want one with a val_loss", rows)
	}
}

func TestLimit(t *testing.T) {
	dir := tinyMNIST(t)
	out := filepath.Join(t.TempDir(), "run")
	r := runCLI(t, "-arch", "dense", "-epochs", "1", "-limit", "12", "-quiet", "-data", dir, "-out", out)
	if r.code != exitOK {
		t.Fatalf("exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "train=12") {
		t.Errorf("the log does not report 12 training images:\n%s", r.stderr)
	}
}

// TestLimitStopsReading: -limit N reads no further than the N-th sample
// (issue 23, defect 4): a CSV whose row 41 is broken trains with -limit 40
// and is refused without it, naming the line.
func TestLimitStopsReading(t *testing.T) {
	dir := t.TempDir()
	path := writeCSV(t, dir, 60)
	b := readFile(t, path)
	lines := strings.SplitAfter(string(b), "\n")
	lines[41] = "1,2,ok,not-a-number,4,5\n" // row 41, after the header
	if err := os.WriteFile(path, []byte(strings.Join(lines, "")), 0o644); err != nil {
		t.Fatal(err)
	}
	args := []string{"-arch", "dense", "-loss", "mse", "-epochs", "1", "-quiet", "-no-pictures", "-data", path, "-label-column", "kind"}
	r := runCLI(t, append(args, "-limit", "40", "-out", filepath.Join(dir, "limited"))...)
	if r.code != exitOK || !strings.Contains(r.stderr, "train=36") {
		t.Fatalf("-limit 40: exit code %d, want 0 and 36 training rows; stderr:\n%s", r.code, r.stderr)
	}
	r = runCLI(t, append(args, "-out", filepath.Join(dir, "all"))...)
	if r.code == exitOK || !strings.Contains(r.stderr, "not-a-number") {
		t.Errorf("without -limit: exit code %d, want an error naming the bad value; stderr:\n%s", r.code, r.stderr)
	}
}

// TestInterrupt cancels the context, as Ctrl-C does, while the second epoch
// runs: run must exit 130 and leave the checkpoint of the last finished
// epoch, from which a resume gives the weights of a run that never stopped,
// bit for bit (issue 23, defect 15).
func TestInterrupt(t *testing.T) {
	dir := fakeMNIST(t, 200, 10, 28, 28)
	out := filepath.Join(t.TempDir(), "run")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	epoch2 := make(chan struct{})
	var once sync.Once
	stdout := &syncWriter{onWrite: func(all string) {
		if strings.Contains(all, "Epoch 2/") {
			once.Do(func() { close(epoch2) })
		}
	}}
	go func() {
		select {
		case <-epoch2:
		case <-time.After(20 * time.Second): // a safety net; the test then fails on the epoch
		}
		cancel()
	}()
	start := time.Now()
	r := runCLICtx(t, ctx, stdout, "-arch", "dense", "-epochs", "1000", "-batch", "4", "-data", dir, "-out", out)
	if d := time.Since(start); d > 15*time.Second {
		t.Errorf("the interrupted run took %v", d)
	}
	if r.code != exitInterrupted {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", r.code, exitInterrupted, r.stderr)
	}
	last := filepath.Join(out, "last.safetensors")
	c, err := checkpoint.Read(last)
	if err != nil {
		t.Fatalf("after the interruption: %v", err)
	}
	if want := fmt.Sprintf("holds epoch %d, the last finished (continue with -resume %s)", c.Epoch, last); !strings.Contains(r.stderr, want) {
		t.Errorf("stderr does not say %q:\n%s", want, r.stderr)
	}
	if c.Epoch < 1 || c.Epoch >= 1000 {
		t.Errorf("the checkpoint holds epoch %d, want at least 1 and less than 1000", c.Epoch)
	}
	if rows := historyRows(t, out); len(rows) != c.Epoch {
		t.Errorf("history.csv has %d rows, the checkpoint %d epochs", len(rows), c.Epoch)
	}

	// the run continues from the checkpoint
	r = runCLI(t, "-resume", last, "-epochs", strconv.Itoa(c.Epoch+1), "-data", dir, "-out", out, "-quiet")
	if r.code != exitOK {
		t.Fatalf("resume after the interruption: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	if rows := historyRows(t, out); len(rows) != c.Epoch+1 {
		t.Errorf("history.csv has %d rows after the resume, want %d", len(rows), c.Epoch+1)
	}
	straight := filepath.Join(t.TempDir(), "straight")
	if r := runCLI(t, "-arch", "dense", "-epochs", strconv.Itoa(c.Epoch+1), "-batch", "4", "-data", dir, "-out", straight, "-quiet", "-no-pictures"); r.code != exitOK {
		t.Fatalf("the run that never stopped: exit code %d; stderr:\n%s", r.code, r.stderr)
	}
	clitest.SameWeights(t, filepath.Join(straight, "last.safetensors"), last)
}

// TestInterruptBeforeTraining cancels the context before run starts: no
// epoch ends, so nothing is saved, and the new folder is removed.
func TestInterruptBeforeTraining(t *testing.T) {
	dir := tinyMNIST(t)
	out := filepath.Join(t.TempDir(), "run")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := runCLICtx(t, ctx, nil, "-arch", "dense", "-epochs", "3", "-quiet", "-data", dir, "-out", out)
	if r.code != exitInterrupted {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", r.code, exitInterrupted, r.stderr)
	}
	if !strings.Contains(r.stderr, "before any epoch finished; nothing was saved") {
		t.Errorf("stderr does not say that nothing was saved:\n%s", r.stderr)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the interrupted run left %s: %v", out, err)
	}
}

// TestProgressBar checks the Keras-like lines of a run without -quiet.
func TestProgressBar(t *testing.T) {
	dir := tinyMNIST(t)
	out := filepath.Join(t.TempDir(), "run")
	r := runCLI(t, "-arch", "dense", "-epochs", "2", "-batch", "8", "-data", dir, "-out", out)
	if r.code != exitOK {
		t.Fatalf("exit code %d, want 0; stderr:\n%s", r.code, r.stderr)
	}
	epochRe := regexp.MustCompile(`(?m)^Epoch (\d+)/2$`)
	if got := epochRe.FindAllStringSubmatch(r.stdout, -1); len(got) != 2 || got[0][1] != "1" || got[1][1] != "2" {
		t.Errorf("want the lines Epoch 1/2 and Epoch 2/2, got %q in:\n%s", got, r.stdout)
	}
	// 20 images in batches of 8: 3 steps
	barRe := regexp.MustCompile(`(?m)^\r?(\d+)/(\d+) \[(=+)\] \d+s \d+(?:us|ms|s)/step - loss: \d+\.\d{4} - val_loss: \d+\.\d{4}\s*$`)
	bars := barRe.FindAllStringSubmatch(r.stdout, -1)
	if len(bars) != 2 {
		t.Fatalf("want 2 progress lines, got %d in:\n%q", len(bars), r.stdout)
	}
	for _, b := range bars {
		if b[1] != "3" || b[2] != "3" {
			t.Errorf("progress line says %s/%s, want 3/3", b[1], b[2])
		}
		if len(b[3]) != 30 {
			t.Errorf("the bar is %d wide, want 30", len(b[3]))
		}
	}
}
