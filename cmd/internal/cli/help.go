package cli

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// The help of the flags that name what the library knows is made from
// the library's own lists and named specs, so that it cannot go stale.

// ArchHelp is the help of an -arch flag.
func ArchHelp() string {
	kinds := make([]string, len(nets.LayerTypes))
	for i, k := range nets.LayerTypes {
		kinds[i] = fmt.Sprint(k)
	}
	return "architecture: " + strings.Join(nets.Names(), "|") + ", list (prints them), or a spec file NAME.json (layer types " +
		strings.Join(kinds, ", ") + ")"
}

// EpochsHelp is the help of cmd/train's -epochs: the named specs' epochs.
func EpochsHelp() string {
	return "number of epochs (default: the spec's; " + bySpec(func(s nets.Spec) string {
		e, b := s.TrainingDefaults()
		return strconv.Itoa(e) + " at batch " + strconv.Itoa(b)
	}) + ")"
}

// BatchHelp is the help of cmd/train's -batch.
func BatchHelp() string {
	return "batch size (default: the spec's; see -epochs)"
}

// LossHelp is the help of a -loss flag: the losses and the named specs'.
func LossHelp() string {
	return "loss: " + strings.Join(nets.Losses, "|") + " (default: the spec's; " + bySpec(nets.Spec.LossName) + ")"
}

// OptimizerHelp is the help of an -optimizer flag.
func OptimizerHelp() string {
	return "optimizer: " + strings.Join(train.Optimizers(), "|")
}

// LRHelp is the help of an -lr flag: the optimizers' default rates.
func LRHelp() string {
	var rates []string
	for _, name := range train.Optimizers() {
		rates = append(rates, fmt.Sprintf("%g for %s", train.DefaultLearningRate[name], name))
	}
	return "learning rate (default: the spec's if it names one, else " + strings.Join(rates, ", ") + ")"
}

// bySpec groups the named specs by what value says of each: "dense,
// sparse 50 at batch 256; vae 100 at batch 32", in the order of the
// first spec of each group.
func bySpec(value func(nets.Spec) string) string {
	var values []string
	names := map[string][]string{}
	for _, n := range nets.Names() {
		s, err := nets.Named(n)
		if err != nil {
			continue
		}
		v := value(s)
		if !slices.Contains(values, v) {
			values = append(values, v)
		}
		names[v] = append(names[v], n)
	}
	groups := make([]string, len(values))
	for i, v := range values {
		groups[i] = strings.Join(names[v], ", ") + " " + v
	}
	return strings.Join(groups, "; ")
}
