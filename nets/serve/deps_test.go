package serve

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestNoTrainer: the server links no part of the trainer (issue 24): the
// packages it depends on, as go list states them, include no package
// train or one under it.
func TestNoTrainer(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := exec.LookPath(goTool); err != nil {
		if goTool, err = exec.LookPath("go"); err != nil {
			t.Skipf("no go tool to list the dependencies with: %v", err)
		}
	}
	const module = "github.com/go-autoencoders/ae/"
	out, err := exec.Command(goTool, "list", "-deps", module+"nets/serve").Output()
	if err != nil {
		if e, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list: %v\n%s", err, e.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if p == module+"train" || strings.HasPrefix(p, module+"train/") {
			t.Errorf("nets/serve depends on %s", p)
		}
	}
}
