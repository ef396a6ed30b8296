package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

// TestBadFlags: bad settings are one-line usage errors, before any data
// is read.
func TestBadFlags(t *testing.T) {
	out := t.TempDir()
	for _, tc := range []struct {
		args []string
		flag string
	}{
		{[]string{"-nu", "1.5", "-out", out}, "-nu"},
		{[]string{"-nu", "0", "-out", out}, "-nu"},
		{[]string{"-method", "pca", "-out", out}, "-method"},
		{[]string{"-epochs", "0", "-out", out}, "-epochs"},
		{[]string{"-svdd-epochs", "0", "-out", out}, "-svdd-epochs"},
		{[]string{"-lr", "-1", "-out", out}, "-lr"},
		{[]string{}, "-out"},
		{[]string{"-arch", "nope", "-out", out}, "-arch"},
		{[]string{"-arch", "conv", "-out", out, "-data", "/nonexistent/x.csv"}, "-data"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), tc.args, &stdout, &stderr)
		msg := stderr.String()
		if code == 0 || !strings.Contains(msg, tc.flag) || strings.Count(msg, "\n") > 2 {
			t.Errorf("%v: exit %d, %q", tc.args, code, msg)
		}
	}
}
