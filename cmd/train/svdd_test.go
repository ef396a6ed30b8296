package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
	"github.com/go-autoencoders/ae/nets"
)

// TestSVDDFlags: bad Deep SVDD settings are one-line usage errors, before
// any training: a net whose code is not dense, ν outside (0, 1], -nu
// without -objective svdd.
func TestSVDDFlags(t *testing.T) {
	x, labels := clitest.Digits(40, 2, 1)
	csv := clitest.WriteCSV(t, t.TempDir(), "d.csv", x, labels)
	out := filepath.Join(t.TempDir(), "out")
	spec := filepath.Join(t.TempDir(), "drop.json")
	if err := os.WriteFile(spec, []byte(`{"encoder":[{"type":"dense","units":8},{"type":"dropout","rate":0.1}],"decoder":[{"type":"dense","activation":"sigmoid"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-arch", spec, "-objective", "svdd"}, "svdd needs a code from a dense layer"},
		{[]string{"-arch", "dense", "-objective", "svdd", "-nu", "1.5"}, "-nu"},
		{[]string{"-arch", "dense", "-objective", "svdd", "-nu", "0"}, "-nu"},
		{[]string{"-arch", "dense", "-nu", "0.1"}, "-objective svdd"},
		{[]string{"-arch", "dense", "-objective", "pca"}, "-objective"},
	} {
		r := runCLI(t, append(tc.args, "-data", csv, "-label-column", "label", "-out", out, "-quiet", "-no-pictures", "-epochs", "1")...)
		if r.code != exitUsage {
			t.Errorf("%v: exit %d, %s", tc.args, r.code, r.stderr)
			continue
		}
		// the data's log lines may come first: the spec's objective is
		// known once the spec is read
		var errLines []string
		for _, l := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
			if !strings.HasPrefix(l, "level=") {
				errLines = append(errLines, l)
			}
		}
		clitest.CheckFailure(t, strings.Join(errLines, "\n"), tc.want, true)
	}
}

// TestSVDDTrain trains a dense net as Deep SVDD: the checkpoint's spec
// has objective svdd and a centre of the code's size, and its scores are
// the distances to it.
func TestSVDDTrain(t *testing.T) {
	x, labels := clitest.Digits(60, 2, 1)
	csv := clitest.WriteCSV(t, t.TempDir(), "d.csv", x, labels)
	out := filepath.Join(t.TempDir(), "out")
	r := runCLI(t, "-arch", "dense", "-code", "4", "-objective", "svdd", "-svdd-epochs", "2", "-epochs", "2", "-data", csv, "-label-column", "label", "-out", out, "-quiet", "-no-pictures")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	a, err := nets.Load(filepath.Join(out, "last.safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	st := a.SVDDState()
	if !a.Spec().IsSVDD() || st == nil || len(st.Center) != 4 {
		t.Fatalf("checkpoint spec: objective %q, svdd %+v", a.Spec().Objective, st)
	}
	if !strings.Contains(r.stderr, "deep svdd done") {
		t.Errorf("log: %s", r.stderr)
	}
}
