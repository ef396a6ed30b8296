package cli

import (
	"errors"
	"flag"
	"io"
	"slices"
	"strings"
	"testing"
)

// testFlags is a flag set as the commands make them: a string, a bool and
// an int flag.
func testFlags() (*flag.FlagSet, *string, *bool, *int) {
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	data := fs.String("data", "", "")
	quiet := fs.Bool("quiet", false, "")
	n := fs.Int("n", 1, "")
	return fs, data, quiet, n
}

// TestParseInterleaved: flags are accepted before and after the
// positional arguments, as users type them; "--" ends the flags.
func TestParseInterleaved(t *testing.T) {
	for _, c := range []struct {
		args  []string
		data  string
		quiet bool
		n     int
		pos   []string
	}{
		{[]string{"-data", "d.csv", "ck"}, "d.csv", false, 1, []string{"ck"}},
		{[]string{"ck", "-data", "d.csv"}, "d.csv", false, 1, []string{"ck"}},
		{[]string{"ck", "-data=d.csv", "-quiet", "-n", "3"}, "d.csv", true, 3, []string{"ck"}},
		{[]string{"-quiet", "ck", "--n=4", "more"}, "", true, 4, []string{"ck", "more"}},
		{[]string{"-quiet=false", "ck", "-n", "-5"}, "", false, -5, []string{"ck"}},
		{[]string{"ck", "--", "-data", "x"}, "", false, 1, []string{"ck", "-data", "x"}},
		{[]string{"-data", "--", "ck"}, "--", false, 1, []string{"ck"}}, // "--" as a value
		{[]string{"-", "-quiet"}, "", true, 1, []string{"-"}},
		{[]string{"--", "-quiet"}, "", false, 1, []string{"-quiet"}},
		{nil, "", false, 1, nil},
	} {
		fs, data, quiet, n := testFlags()
		if err := Parse(fs, c.args, io.Discard); err != nil {
			t.Errorf("%q: %v", c.args, err)
			continue
		}
		if *data != c.data || *quiet != c.quiet || *n != c.n || !slices.Equal(fs.Args(), c.pos) {
			t.Errorf("%q: data %q quiet %v n %d args %q; want %q %v %d %q", c.args, *data, *quiet, *n, fs.Args(), c.data, c.quiet, c.n, c.pos)
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"ck", "-nope"}, "-nope"},
		{[]string{"ck", "-data"}, "-data"},
		{[]string{"ck", "-n", "x"}, "-n"},
		{[]string{"ck", "-quiet=maybe"}, "-quiet"},
	} {
		fs, _, _, _ := testFlags()
		err := Parse(fs, c.args, io.Discard)
		var u UsageError
		if !errors.As(err, &u) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v; want a usage error naming %s", c.args, err, c.want)
		}
	}
	fs, _, _, _ := testFlags()
	if err := Parse(fs, []string{"ck", "-h"}, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("ck -h: %v, want flag.ErrHelp", err)
	}
}
