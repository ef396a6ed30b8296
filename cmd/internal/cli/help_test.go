package cli

import (
	"strings"
	"testing"

	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
)

// TestHelpFromTheLibrary: the help names every named spec with its
// epochs and batch, every loss and optimizer, from the library's lists.
func TestHelpFromTheLibrary(t *testing.T) {
	epochs := EpochsHelp()
	for _, want := range []string{"vae 100 at batch 32", "conv 15 at batch 64", "dense, sparse"} {
		if !strings.Contains(epochs, want) {
			t.Errorf("EpochsHelp() = %q; want %q in it", epochs, want)
		}
	}
	for _, name := range nets.Names() {
		if !strings.Contains(epochs, name) || !strings.Contains(ArchHelp(), name) {
			t.Errorf("the help does not name the %s spec", name)
		}
	}
	for _, name := range train.Optimizers() {
		if !strings.Contains(OptimizerHelp(), name) || !strings.Contains(LRHelp(), "for "+name) {
			t.Errorf("the help does not name the %s optimizer", name)
		}
	}
	if !strings.Contains(LossHelp(), "bce|mse") || !strings.Contains(ArchHelp(), "conv2d_transpose") {
		t.Errorf("loss help %q, arch help %q", LossHelp(), ArchHelp())
	}
}
