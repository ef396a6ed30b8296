package cli

import (
	"flag"
	"strings"
)

// splitArgs separates the flags of args from its positional arguments,
// as users type them: flags may come before, between and after the
// positional arguments, and "--" ends the flags. A flag's value is the
// next argument unless the flag is boolean or written -flag=value, as the
// flag package reads it. ok is false when the last flag lacks its value,
// for the flag package to report.
func splitArgs(fs *flag.FlagSet, args []string) (flags, positional []string, ok bool) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return flags, append(positional, args[i+1:]...), true
		case len(a) < 2 || a[0] != '-':
			positional = append(positional, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if strings.Contains(name, "=") || isBool(fs.Lookup(name)) {
			continue
		}
		if i+1 == len(args) {
			return flags, positional, fs.Lookup(name) == nil
		}
		if fs.Lookup(name) != nil {
			i++
			flags = append(flags, args[i])
		}
	}
	return flags, positional, true
}

// isBool reports whether f is a boolean flag, one that takes no value.
func isBool(f *flag.Flag) bool {
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
