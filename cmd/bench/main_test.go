package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/graph"
)

// TestMain lets the test binary stand in for the bench binary when run
// again as a child.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(childMain(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func TestBadFlags(t *testing.T) {
	defer func(name string) { _ = graph.SetKernelSet(name) }(graph.KernelSet())
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown arch", []string{"-archs", "dense,lstm"}, "-archs"},
		{"zero epochs", []string{"-epochs", "0"}, "-epochs"},
		{"negative limit", []string{"-limit", "-1"}, "-limit"},
		{"negative infer", []string{"-infer", "-1"}, "-infer"},
		{"zero runs", []string{"-runs", "0"}, "-runs"},
		{"unknown kernels", []string{"-kernels", "sse4"}, "-kernels"},
		{"negative threads", []string{"-threads", "2,-1"}, "-threads"},
		{"threads not a number", []string{"-threads", "two"}, "-threads"},
		{"extra argument", []string{"extra"}, "extra"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(tc.args, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%v: error %v, want one naming %q", tc.args, err, tc.want)
			}
			// a bad flag exits 2, as in every command
			if code := cli.Code("bench", err, io.Discard); code != cli.ExitUsage {
				t.Errorf("%v: exit code %d, want %d", tc.args, code, cli.ExitUsage)
			}
		})
	}
}

// TestListKernels: -kernels list prints this CPU's sets, one a line, the
// list CI loops over, and changes nothing.
func TestListKernels(t *testing.T) {
	before := graph.KernelSet()
	var out bytes.Buffer
	if err := run([]string{"-kernels", "list"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	got := strings.Fields(out.String())
	if !slices.Equal(got, graph.KernelSets()) {
		t.Errorf("-kernels list printed %q, want %q", got, graph.KernelSets())
	}
	if graph.KernelSet() != before {
		t.Errorf("-kernels list changed the set from %q to %q", before, graph.KernelSet())
	}
}

// TestTable runs a tiny benchmark end to end, each model in a child
// process, at two thread counts and with the generic kernels, and checks
// that its rows are well formed.
func TestTable(t *testing.T) {
	defer func(name string) { _ = graph.SetKernelSet(name) }(graph.KernelSet())
	var out bytes.Buffer
	args := []string{"-archs", "dense", "-epochs", "1", "-limit", "512", "-infer", "300", "-threads", "1,2", "-kernels", "generic"}
	if err := run(args, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var rows [][]string
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "| 1 | dense |") {
			cells := strings.Split(line, "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			rows = append(rows, cells[2:len(cells)-1])
		}
	}
	if len(rows) != 2 {
		t.Fatalf("%d dense rows, want one per thread count, in\n%s", len(rows), out.String())
	}
	for i, row := range rows {
		if len(row) != 19 {
			t.Fatalf("row %v has %d cells, want 19", row, len(row))
		}
		if row[1] != strconv.Itoa(i+1) || row[2] != "generic" {
			t.Errorf("row %v: threads %q, kernels %q; want %d and generic", row, row[1], row[2], i+1)
		}
		for c := 3; c <= 8; c++ { // the Go figures
			if v, err := strconv.ParseFloat(row[c], 64); err != nil || v <= 0 {
				t.Errorf("row %v: cell %d is %q, want a positive number", row, c, row[c])
			}
		}
		for c := 9; c < 19; c++ { // no peer
			if row[c] != "" {
				t.Errorf("row %v: cell %d is %q without a peer", row, c, row[c])
			}
		}
	}
}

// TestSpread checks the spread table on made-up runs: the least, median
// and largest ratio of each arch, and nothing for rows without a peer.
func TestSpread(t *testing.T) {
	row := func(arch string, ours, peer float64) measured {
		return measured{arch: arch, threads: 2,
			ours: goResult{Seconds: ours, ReconstructPerS: 2 * ours, EncodePerS: 4 * ours, PeakRSSMB: 100},
			peer: &peerResult{EpochS: peer, InferPerS: peer, PeakRSSMB: 200}}
	}
	var out bytes.Buffer
	printSpread(&out, []measured{
		row("conv", 1, 2), row("dense", 1, 4), row("conv", 3, 2), row("conv", 1, 1),
		{arch: "deep", threads: 2, ours: goResult{Seconds: 1}},
	})
	for _, want := range []string{
		"| conv | 2 | 3 | 0.50 / 1.00 / 1.50 | 1.00 / 2.00 / 3.00 | 2.00 / 4.00 / 6.00 | 0.50 / 0.50 / 0.50 |",
		"| dense | 2 | 1 | 0.25 / 0.25 / 0.25 | 0.50 / 0.50 / 0.50 | 1.00 / 1.00 / 1.00 | 0.50 / 0.50 / 0.50 |",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no row %q in\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), "deep") {
		t.Errorf("a row without a peer in the spread:\n%s", out.String())
	}
}

// TestPeerISA: with -kernels avx2 the peer runs held to AVX2 (oneDNN and
// OpenBLAS), and with -peer-isa=false as it would by itself. The peer here
// is a shell script that records its environment.
func TestPeerISA(t *testing.T) {
	if !slices.Contains(graph.KernelSets(), "avx2") {
		t.Skip("no AVX2 on this CPU")
	}
	defer func(name string) { _ = graph.SetKernelSet(name) }(graph.KernelSet())
	t.Setenv("ONEDNN_MAX_CPU_ISA", "")
	t.Setenv("OPENBLAS_CORETYPE", "")
	dir := t.TempDir()
	peer := filepath.Join(dir, "peer.sh")
	script := `echo "$ONEDNN_MAX_CPU_ISA,$OPENBLAS_CORETYPE" > "$(dirname "$0")/env.txt"
echo '{"epoch_s_median": 1, "val_loss": 0.1, "infer_samples_per_s": 10, "peak_rss_mb": 5}'
`
	if err := os.WriteFile(peer, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		match bool
		want  string
	}{{true, "AVX2,Haswell"}, {false, ","}} {
		args := []string{"-archs", "dense", "-epochs", "1", "-limit", "256", "-infer", "100", "-threads", "1",
			"-kernels", "avx2", "-python", "/bin/sh", "-peer", peer, "-peer-isa=" + strconv.FormatBool(tc.match)}
		if err := run(args, io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, "env.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.TrimSpace(string(got)) != tc.want {
			t.Errorf("-peer-isa=%v: the peer saw %q, want %q", tc.match, strings.TrimSpace(string(got)), tc.want)
		}
	}
}
