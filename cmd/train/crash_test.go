package main

import (
	"context"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/nets/checkpoint"
	"github.com/go-autoencoders/ae/train"
)

// TestMain lets the crash test re-run this binary as the command.
func TestMain(m *testing.M) {
	if os.Getenv("AE_TRAIN_CHILD") == "1" {
		args := strings.Split(os.Getenv("AE_TRAIN_ARGS"), "\x1f")
		os.Exit(run(context.Background(), args, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestCrashConsistency kills training with SIGKILL at random moments,
// resuming after each kill, until a run finishes; the folder must then
// hold the weights of a run that never stopped, a history that agrees with
// its checkpoint, and no stray files (issue 9, defect 6).
func TestCrashConsistency(t *testing.T) {
	if testing.Short() {
		t.Skip("starts tens of processes")
	}
	dir := fakeMNIST(t, 512, 16, 28, 28)
	const epochs = "40"
	common := []string{"-arch", "dense", "-code", "4", "-batch", "8", "-quiet", "-no-pictures", "-data", dir, "-epochs", epochs}
	straight := filepath.Join(t.TempDir(), "straight")
	if r := runCLI(t, append(common, "-out", straight)...); r.code != exitOK {
		t.Fatal(r.stderr)
	}
	out := filepath.Join(t.TempDir(), "run")
	last := filepath.Join(out, "last.safetensors")
	rng := rand.New(rand.NewPCG(9, 9))
	kills := 0
	for i := 0; ; i++ {
		// after maxKills kills, a run is let finish however slow the
		// machine is
		const maxKills = 25
		// a run killed before its first checkpoint may have left history.csv
		args := append(common, "-out", out, "-overwrite")
		if c, err := checkpoint.Read(last); err == nil && c.Epoch == 40 {
			break // killed after its last epoch was saved
		}
		if _, err := os.Stat(last); err == nil {
			args = []string{"-resume", last, "-epochs", epochs, "-quiet", "-no-pictures", "-data", dir}
		}
		cmd := exec.Command(os.Args[0], "-test.run=XXX")
		cmd.Env = append(os.Environ(), "AE_TRAIN_CHILD=1", "AE_TRAIN_ARGS="+strings.Join(args, "\x1f"))
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		wait := time.Duration(rng.IntN(150)) * time.Millisecond
		if kills >= maxKills {
			wait = time.Hour
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("run %d failed: %v\n%s", i, err, stderr.String())
			}
		case <-time.After(wait):
			cmd.Process.Kill()
			<-done
			kills++
			continue
		}
		break
	}
	t.Logf("%d kills before a run finished", kills)
	clitest.SameWeights(t, filepath.Join(straight, "last.safetensors"), last)
	c, err := checkpoint.Read(last)
	if err != nil {
		t.Fatal(err)
	}
	h, err := train.CheckpointHistory(c)
	if err != nil {
		t.Fatal(err)
	}
	rows := historyRows(t, out)
	if len(rows) != len(h.Epochs) || len(rows) != 40 {
		t.Errorf("history.csv has %d rows, the checkpoint %d epochs; want 40", len(rows), len(h.Epochs))
	}
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp") {
			t.Errorf("stray file %s", e.Name())
		}
	}
}
