package nets_test

import (
	"encoding/binary"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"testing"

	"github.com/go-autoencoders/ae/nets"
)

// ortScript is the Node script that runs a model in ONNX Runtime.
func ortScript(t *testing.T) string {
	t.Helper()
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node is missing: the ONNX Runtime peer is not run (install nodejs and npm; .ci/run does)")
	}
	_, file, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(file), "..", "cmd", "bench", "ort", "ort.js")
	var dirs []string
	if d := os.Getenv("ORT_DIR"); d != "" {
		dirs = append(dirs, filepath.Join(d, "node_modules"))
	}
	dirs = append(dirs, filepath.Join(os.Getenv("HOME"), ".cache", "go-autoencoders", "ort", "node_modules"))
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "onnxruntime-node")); err == nil {
			return script
		}
	}
	t.Skipf("onnxruntime-node is missing from %v (npm install --ignore-scripts onnxruntime-node@1.30.0; .ci/run does)", dirs)
	return ""
}

// writeF32 writes values as little-endian float32.
func writeF32(t *testing.T, path string, x []float32) {
	t.Helper()
	b := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(v))
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func readF32(t *testing.T, path string) []float32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float32, len(b)/4)
	for i := range x {
		x[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return x
}

// runORT runs the model at path in ONNX Runtime on rows of rowSize values.
func runORT(t *testing.T, script, path string, x []float32, rowSize int) []float32 {
	t.Helper()
	in, out := path+".in.f32", path+".out.f32"
	writeF32(t, in, x)
	cmd := exec.Command("node", script, "run", path, in, out, strconv.Itoa(rowSize))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", path, err, b)
	}
	return readF32(t, out)
}

// checkONNX runs onnx.checker, shape inference included, on the models
// at paths, skipping where Debian's python3-onnx is missing.
func checkONNX(t *testing.T, paths ...string) {
	t.Helper()
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import onnx").Run(); err != nil {
		t.Skip("python3-onnx is missing: onnx.checker is not run (apt-get install python3-onnx; .ci/run does)")
	}
	const check = "import onnx, sys\nfor p in sys.argv[1:]:\n    onnx.checker.check_model(onnx.load(p), full_check=True)\n"
	cmd := exec.Command(py, append([]string{"-c", check}, paths...)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("onnx.checker refuses one of %v: %v\n%s", paths, err, b)
	}
}

// TestONNXChecker: every named spec's every graph passes onnx.checker,
// shape inference included.
func TestONNXChecker(t *testing.T) {
	dir := t.TempDir()
	var paths []string
	for _, name := range nets.Names() {
		a := onnxNet(t, name)
		for _, g := range nets.ONNXGraphs {
			path := filepath.Join(dir, name+"-"+string(g)+".onnx")
			if err := a.WriteONNX(path, g); err != nil {
				t.Fatal(err)
			}
			paths = append(paths, path)
		}
	}
	checkONNX(t, paths...)
}

// TestONNXRuntime: ONNX Runtime's output of every named spec's every graph
// on 100 samples equals Go's within 1e-5.
func TestONNXRuntime(t *testing.T) {
	ortScript(t) // skips where node or onnxruntime-node is missing
	for _, name := range nets.Names() {
		t.Run(name, func(t *testing.T) {
			a := onnxNet(t, name)
			dir := t.TempDir()
			for _, g := range nets.ONNXGraphs {
				if err := a.WriteONNX(filepath.Join(dir, string(g)+".onnx"), g); err != nil {
					t.Fatal(err)
				}
			}
			graphsMatchORT(t, a, unitRows(100, sampleSize(a), 4), dir)
		})
	}
}

// graphsMatchORT checks that ONNX Runtime's outputs of the four graphs
// exported into dir (reconstruct, encoder, decoder, score) on the raw rows
// x are within 1e-5 of a's own.
func graphsMatchORT(t *testing.T, a *nets.Autoencoder, x []float32, dir string) {
	t.Helper()
	d, code := sampleSize(a), 1
	for _, c := range a.CodeShape() {
		code *= c
	}
	scaled, err := a.Scale(x)
	if err != nil {
		t.Fatal(err)
	}
	scores64, err := a.AnomalyScores(scaled)
	if err != nil {
		t.Fatal(err)
	}
	scores := make([]float32, len(scores64))
	for i, s := range scores64 {
		scores[i] = float32(s)
	}
	recon, _ := a.ReconstructRaw(x)
	codes, _ := a.EncodeRaw(x)
	decoded, _ := a.Decode(codes)
	decoded, _ = a.Unscale(decoded)
	script := ortScript(t)
	for _, c := range []struct {
		g        nets.ONNXGraph
		in, want []float32
		rowSize  int
	}{
		{nets.ONNXReconstruct, x, recon, d},
		{nets.ONNXEncoder, x, codes, d},
		{nets.ONNXDecoder, codes, decoded, code},
		{nets.ONNXScore, x, scores, d},
	} {
		got := runORT(t, script, filepath.Join(dir, string(c.g)+".onnx"), c.in, c.rowSize)
		if diff := maxAbsDiff(got, c.want); diff > 1e-5 {
			t.Errorf("%s: ONNX Runtime's output is %g from Go's", c.g, diff)
		} else {
			t.Logf("%s: ONNX Runtime's output is %.2g from Go's", c.g, diff)
		}
	}
}
