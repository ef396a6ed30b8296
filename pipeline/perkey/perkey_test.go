package perkey_test

import (
	"testing"

	"github.com/go-autoencoders/ae/pipeline/perkey"
)

// TestSeed: the seed of a key is the 64-bit FNV-1a hash of its bytes XOR
// the run's seed (the published FNV-1a values of "" and "a").
func TestSeed(t *testing.T) {
	for _, c := range []struct {
		key        string
		seed, want uint64
	}{
		{"", 0, 0xcbf29ce484222325},
		{"a", 0, 0xaf63dc4c8601ec8c},
		{"a", 1, 0xaf63dc4c8601ec8d},
		{"a", 0xaf63dc4c8601ec8c, 0},
	} {
		if got := perkey.Seed(c.key, c.seed); got != c.want {
			t.Errorf("Seed(%q, %#x) = %#x, want %#x", c.key, c.seed, got, c.want)
		}
	}
}

// TestFile: plain keys name their files; others, and keys that could be
// taken for an encoded one, are "x-" and hex, so no two keys share a name.
func TestFile(t *testing.T) {
	for key, want := range map[string]string{
		"pump-1":  "pump-1",
		"A.b_c-9": "A.b_c-9",
		"fan/3":   "x-66616e2f33",
		"valve 4": "x-76616c76652034",
		"x-5":     "x-782d35",
		"":        "x-",
		".hidden": "x-2e68696464656e",
		"..":      "x-2e2e",
	} {
		if got := perkey.File(key); got != want {
			t.Errorf("File(%q) = %q, want %q", key, got, want)
		}
	}
}
