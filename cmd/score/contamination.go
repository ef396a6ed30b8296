package main

import (
	"flag"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/nets/metrics"
)

// setContamination turns -contamination F, when given, into the
// threshold rule it stands for (metrics.ContaminationRule).
func (o *options) setContamination(fs *flag.FlagSet, f float64) error {
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if !set["contamination"] {
		return nil
	}
	if set["threshold"] {
		return cli.Usagef("contamination", "sets the threshold; give it or -threshold, not both")
	}
	rule, err := metrics.ContaminationRule(f)
	if err != nil {
		return cli.Usagef("contamination", "must be in (0, 0.5), got %g", f)
	}
	o.threshold = rule
	return nil
}
