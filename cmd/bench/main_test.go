package main

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

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
		})
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
		if strings.HasPrefix(line, "| dense |") {
			cells := strings.Split(line, "|")
			for i := range cells {
				cells[i] = strings.TrimSpace(cells[i])
			}
			rows = append(rows, cells[1:len(cells)-1])
		}
	}
	if len(rows) != 2 {
		t.Fatalf("%d dense rows, want one per thread count, in\n%s", len(rows), out.String())
	}
	for i, row := range rows {
		if len(row) != 16 {
			t.Fatalf("row %v has %d cells, want 16", row, len(row))
		}
		if row[1] != strconv.Itoa(i+1) || row[2] != "generic" {
			t.Errorf("row %v: threads %q, kernels %q; want %d and generic", row, row[1], row[2], i+1)
		}
		for c := 3; c <= 8; c++ { // the Go figures
			if v, err := strconv.ParseFloat(row[c], 64); err != nil || v <= 0 {
				t.Errorf("row %v: cell %d is %q, want a positive number", row, c, row[c])
			}
		}
		for c := 9; c < 16; c++ { // no peer
			if row[c] != "" {
				t.Errorf("row %v: cell %d is %q without a peer", row, c, row[c])
			}
		}
	}
}
