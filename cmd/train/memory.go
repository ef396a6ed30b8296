package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/nets"
)

// checkMemory refuses a batch whose training step would not fit in the
// memory the machine has available, before anything is allocated.
func checkMemory(ae *nets.Autoencoder, batch int) error {
	avail, ok := memoryAvailable()
	need := ae.TrainingBytes(batch)
	if ok && need > avail {
		return usageError{Err: fmt.Errorf("-batch: a step on %d samples of this net needs about %s, and the machine has %s available", batch, bytesText(need), bytesText(avail))}
	}
	return nil
}

// memoryAvailable is availableMemory; tests replace it.
var memoryAvailable = availableMemory

// availableMemory reads MemAvailable from /proc/meminfo; false where there
// is none (other systems), and then nothing is refused.
func availableMemory() (int64, bool) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemAvailable:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024, err == nil
		}
	}
	return 0, false
}

func bytesText(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
