package main

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"-archs", "dense,lstm"},
		{"-epochs", "0"},
		{"-limit", "-1"},
		{"extra"},
	} {
		if err := run(args, io.Discard, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}

// TestTable runs a tiny benchmark and checks that its row is well formed.
func TestTable(t *testing.T) {
	var out bytes.Buffer
	if err := run([]string{"-archs", "dense", "-epochs", "1", "-limit", "512"}, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var row string
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "| dense |") {
			row = line
		}
	}
	cells := strings.Split(row, "|")
	if len(cells) != 9 || strings.TrimSpace(cells[2]) == "" || strings.TrimSpace(cells[4]) == "" {
		t.Fatalf("bad row %q in\n%s", row, out.String())
	}
}
