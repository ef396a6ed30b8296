package data

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
)

// AvailableMemory returns MemAvailable from /proc/meminfo, the bytes the
// kernel estimates can be allocated without swapping; false where it is
// unknown (systems without /proc/meminfo).
func AvailableMemory() (int64, bool) { return meminfo("MemAvailable") }

// totalMemory returns MemTotal from /proc/meminfo, the machine's physical
// memory; false where it is unknown.
func totalMemory() (int64, bool) {
	n, ok := meminfo("MemTotal")
	return n, ok && n > 0
}

// meminfo returns the value in bytes of the line of /proc/meminfo that
// key names ("MemTotal:       16303044 kB"); false where there is no
// such line or file, or the value is not a number of kilobytes.
func meminfo(key string) (int64, bool) {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), key+":"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb * 1024, err == nil && kb >= 0 && kb < math.MaxInt64/1024
		}
	}
	return 0, false
}
