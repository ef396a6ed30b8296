package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// Exit codes, the same for every command.
const (
	ExitOK          = 0
	ExitFailure     = 1   // a run that failed
	ExitUsage       = 2   // a bad flag
	ExitInterrupted = 130 // Ctrl-C or SIGTERM, as a shell reports SIGINT
)

// UsageError is a bad command line: exit code 2, with a hint.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// Usagef returns a UsageError naming flag: "-flag: message".
func Usagef(flag, format string, args ...any) error {
	return UsageError{fmt.Errorf("-%s: %s", flag, fmt.Sprintf(format, args...))}
}

// Parse parses args with fs, which must use flag.ContinueOnError. Flags
// may come before and after the positional arguments (the flag package
// alone stops at the first of them); "--" ends the flags; fs.Args() are
// the positional arguments in their order. The flag package's own error
// output is silenced; -h prints the usage. An error is a UsageError, or
// flag.ErrHelp.
func Parse(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(io.Discard)
	flags, positional, ok := splitArgs(fs, args)
	if ok {
		// after "--" the flag package keeps the rest as fs.Args()
		flags = append(append(flags, "--"), positional...)
	}
	if err := fs.Parse(flags); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fs.Usage()
			return err
		}
		return UsageError{err}
	}
	return nil
}

// Code prints err as one line "name: err" (and for a usage error the hint
// "Run 'name -h' for the flags.") and returns the exit code: 0 for nil or
// -h, 2 for a usage error, 130 for a run the context's cancellation
// (Ctrl-C) stopped, 1 for anything else.
func Code(name string, err error, stderr io.Writer) int {
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return ExitOK
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	var u UsageError
	switch {
	case errors.As(err, &u):
		fmt.Fprintf(stderr, "Run '%s -h' for the flags.\n", name)
		return ExitUsage
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	}
	return ExitFailure
}
