package kernels

import (
	"fmt"
	"os"
	"sync/atomic"
)

// A kernelSet is one implementation of every inner loop that has a
// vectorised version: the GEMM micro kernel with its tile, the convolution
// taps, the fused sigmoid + binary cross-entropy, the element-wise loops and
// the 2×2 pooling and upsampling rows. Architecture files provide the sets
// the CPU supports; a set that leaves a loop nil takes the generic one.
type kernelSet struct {
	name string

	// mr×nr is the tile of C that gemm computes; see kernGeneric.
	mr, nr int
	gemm   func(k int, a []float32, rs, ks int, b []float32, bs int, c []float32, ldc int)
	// gemmSet is gemm setting the tile of C to the product rather than
	// adding it, which spares clearing C first; nil where a set has none.
	gemmSet func(k int, a []float32, rs, ks int, b []float32, bs int, c []float32, ldc int)

	// taps, taps4 and dots are the inner loops of the direct convolution;
	// see tapsGeneric, taps4Generic and dotsGeneric.
	taps  func(y []float32, n int, x []float32, offs []int32, w []float32)
	taps4 func(y []float32, ys, n int, x []float32, offs []int32, w []float32, ws int)
	// taps4Set is taps4 setting y to the sums rather than adding them;
	// nil where a set has none (tapsAllSet clears y first).
	taps4Set func(y []float32, ys, n int, x []float32, offs []int32, w []float32, ws int)
	dots     func(acc, g []float32, n int, x []float32, offs []int32)
	// dotsTile, which a set may leave nil, is the kernel gradient of
	// whole groups of four filters; see dotsTileGeneric. The sets that
	// have it take it over dots and the GEMM.
	dotsTile func(part []float32, ldp, outs int, g []float32, gs, n int, x []float32, offs []int32)

	// copyRows copies rows of a plane between two strides; see
	// copyRowsGeneric.
	copyRows func(dst []float32, ds int, src []float32, ss, rows, cols int)

	bce          func(z, y, sig []float32) float32
	reluGrad     func(y, g, out []float32)
	biasActPlane func(act int, x []float32, b float32, out []float32)
	// biasActRow sets out = act(x + b) with b per element: a row of a
	// Dense layer; see biasActRowGeneric.
	biasActRow func(act int, x, b, out []float32)
	// biasActRows applies biasActRow in place to rows rows of len(b)
	// values, ldc apart in c: a block of a Dense layer's output.
	biasActRows func(act int, c []float32, ldc, rows int, b []float32)
	sum         func(x []float32) float32
	// adam is one Adam step; see adamGeneric.
	adam func(w, g, m, v []float32, lr, c1, c2, eps float32)
	// lstmCell is the cell of one LSTM step over activated gates; see
	// lstmCellWith.
	lstmCell func(gi, gf, gg, gout, prev, c, tc, h []float32)

	maxPool2x2Row      func(r0, r1, out []float32)
	maxPoolGrad2x2Row  func(r0, r1, g, d0, d1 []float32)
	upsample2x2Row     func(x, d0, d1 []float32)
	upsampleGrad2x2Row func(r0, r1, out []float32)

	// poolWinRow and poolScatterRow are one row of the 2×2 pooling fused
	// with a convolution, and of its gradient; see poolWinRowGeneric and
	// poolScatterRowGeneric.
	poolWinRow     func(r0, r1, y []float32, win []uint8, relu bool)
	poolScatterRow func(win []uint8, g, d0, d1 []float32)
	// poolWinPlane is poolWinRow over rows rows of cols windows, the
	// input rows ld apart in x, the window rows cols apart in y and win;
	// see poolWinPlaneRows.
	poolWinPlane func(x []float32, ld int, y []float32, win []uint8, rows, cols int, relu bool)
	// poolScatterPlane is poolScatterRow over rows rows of cols windows,
	// the window rows cols apart in win and g, the output rows ld apart
	// in d; see poolScatterPlaneRows.
	poolScatterPlane func(win []uint8, g, d []float32, rows, cols, ld int)

	// wgIn, wgOut and wgGradRow are the transforms of F(2×2, 3×3); see
	// wgInGeneric, wgOutGeneric and wgGradRowGeneric. A set that leaves
	// them nil computes every convolution directly.
	// wgKernelGrad is set where the kernel gradient by F(2×2, 3×3) pays
	// too: on AVX2, not on AVX-512, whose direct kernel gradient runs
	// near its peak (BenchmarkSeedConvs -direct).
	wgKernelGrad bool
	wgIn         func(v []float32, vs int, x []float32, a, b, ps int, sgn float32, n int)
	wgOut        func(y []float32, ys int, m []float32, ms, n int)
	wgGradRow    func(m []float32, ms int, y []float32, a, b, ps int, alpha, beta float32, n int)
	// zipRows and unzipRows interleave two planes' rows into one plane's
	// and split them again; see zipRowsGeneric and unzipRowsGeneric.
	zipRows   func(d []float32, ds int, ev, od []float32, ss, rows, cols int)
	unzipRows func(ev, od []float32, ds int, s []float32, ss, rows, cols int)
	// poolPhases is the 2×2 max-pooling of a convolution's output by
	// F(2×2, 3×3), whose four phases are the windows' cells; see
	// poolPhasesGeneric.
	poolPhases func(a, b, c, d, y []float32, win []uint8, relu bool)
}

// genericSet is the portable Go implementation, available everywhere.
var genericSet = &kernelSet{
	name: "generic",
	mr:   4, nr: 4, gemm: kernGeneric,
	taps: tapsGeneric, taps4: taps4Generic, dots: dotsGeneric, copyRows: copyRowsGeneric,
	bce: bceGeneric, reluGrad: reluGradGeneric, biasActPlane: biasActScalar, biasActRow: biasActRowGeneric,
	sum: sumGeneric, adam: adamGeneric, biasActRows: rowByRow(biasActRowGeneric),
	maxPool2x2Row: maxPool2x2RowGeneric, maxPoolGrad2x2Row: maxPoolGrad2x2RowGeneric,
	upsample2x2Row: upsample2x2RowGeneric, upsampleGrad2x2Row: upsampleGrad2x2RowGeneric,
	poolWinRow: poolWinRowGeneric, poolScatterRow: poolScatterRowGeneric,
	poolScatterPlane: poolScatterPlaneRows(poolScatterRowGeneric),
	poolWinPlane:     poolWinPlaneRows(poolWinRowGeneric),
	zipRows:          zipRowsGeneric, unzipRows: unzipRowsGeneric, poolPhases: poolPhasesGeneric,
	lstmCell: lstmCellWith(biasActScalar),
}

// withGeneric returns s with its nil loops taken from genericSet. A set
// that brings no micro kernel takes the generic one with its tile.
func (s kernelSet) withGeneric() *kernelSet {
	g := genericSet
	if s.gemm == nil {
		s.mr, s.nr, s.gemm = g.mr, g.nr, g.gemm
	}
	if s.zipRows == nil {
		s.zipRows, s.unzipRows = g.zipRows, g.unzipRows
	}
	if s.poolPhases == nil {
		s.poolPhases = g.poolPhases
	}
	if s.taps == nil {
		s.taps = g.taps
	}
	if s.taps4 == nil {
		s.taps4 = g.taps4
	}
	if s.dots == nil {
		s.dots = g.dots
	}
	if s.copyRows == nil {
		s.copyRows = g.copyRows
	}
	if s.bce == nil {
		s.bce = g.bce
	}
	if s.reluGrad == nil {
		s.reluGrad = g.reluGrad
	}
	if s.biasActPlane == nil {
		s.biasActPlane = g.biasActPlane
	}
	if s.biasActRow == nil {
		s.biasActRow = g.biasActRow
	}
	if s.biasActRows == nil {
		s.biasActRows = rowByRow(s.biasActRow)
	}
	if s.adam == nil {
		s.adam = g.adam
	}
	if s.lstmCell == nil {
		s.lstmCell = lstmCellWith(s.biasActPlane)
	}
	if s.sum == nil {
		s.sum = g.sum
	}
	if s.maxPool2x2Row == nil {
		s.maxPool2x2Row = g.maxPool2x2Row
	}
	if s.maxPoolGrad2x2Row == nil {
		s.maxPoolGrad2x2Row = g.maxPoolGrad2x2Row
	}
	if s.upsample2x2Row == nil {
		s.upsample2x2Row = g.upsample2x2Row
	}
	if s.poolWinRow == nil {
		s.poolWinRow = g.poolWinRow
	}
	if s.poolScatterRow == nil {
		s.poolScatterRow = g.poolScatterRow
	}
	if s.poolWinPlane == nil {
		s.poolWinPlane = poolWinPlaneRows(s.poolWinRow)
	}
	if s.poolScatterPlane == nil {
		s.poolScatterPlane = poolScatterPlaneRows(s.poolScatterRow)
	}
	if s.upsampleGrad2x2Row == nil {
		s.upsampleGrad2x2Row = g.upsampleGrad2x2Row
	}
	return &s
}

// rowByRow returns the biasActRows that applies row to each row.
func rowByRow(row func(act int, x, b, out []float32)) func(act int, c []float32, ldc, rows int, b []float32) {
	return func(act int, c []float32, ldc, rows int, b []float32) {
		for r := 0; r < rows; r++ {
			x := c[r*ldc : r*ldc+len(b)]
			row(act, x, b, x)
		}
	}
}

// kernelSets lists the sets this CPU can run, best first, generic last.
var kernelSets = func() []*kernelSet {
	var sets []*kernelSet
	for _, s := range archSets() {
		sets = append(sets, s.withGeneric())
	}
	return append(sets, genericSet)
}()

// active is the set in use.
var active atomic.Pointer[kernelSet]

// EnvKernels names the environment variable that forces a kernel set for
// the whole process, as SetKernelSet would: CI runs the tests once per set
// the CPU has (AE_KERNELS=avx2 go test ./...).
const EnvKernels = "AE_KERNELS"

func init() {
	active.Store(kernelSets[0])
	name := os.Getenv(EnvKernels)
	if name == "" {
		return
	}
	if err := SetKernelSet(name); err != nil {
		// A process told to run one set must not quietly run another.
		fmt.Fprintf(os.Stderr, "%s=%s: %v\n", EnvKernels, name, err)
		os.Exit(2)
	}
}

// cur returns the set in use.
func cur() *kernelSet { return active.Load() }

// KernelName names the set of inner loops in use: "avx512", "avx2",
// "neon" or "generic".
func KernelName() string { return cur().name }

// KernelSets lists the names of the sets this CPU can run, the best first;
// the last is always "generic".
func KernelSets() []string {
	names := make([]string, len(kernelSets))
	for i, s := range kernelSets {
		names[i] = s.name
	}
	return names
}

// knownSets are the names SetKernelSet understands on some CPU.
var knownSets = []string{"avx512", "avx2", "neon", "generic"}

// ErrUnknownKernelSet and ErrKernelSetUnsupported are the errors of
// SetKernelSet.
var (
	ErrUnknownKernelSet     = fmt.Errorf("kernels: unknown kernel set (want one of %v)", knownSets)
	ErrKernelSetUnsupported = fmt.Errorf("kernels: kernel set not supported by this CPU")
)

// SetKernelSet selects the inner loops by name: "avx512", "avx2", "neon" or
// "generic". Naming a set this CPU lacks is an error, and the set in use
// stays. It must not be called while kernels run.
func SetKernelSet(name string) error {
	for _, s := range kernelSets {
		if s.name == name {
			active.Store(s)
			return nil
		}
	}
	for _, k := range knownSets {
		if k == name {
			return fmt.Errorf("%w: %q (this one runs %v)", ErrKernelSetUnsupported, name, KernelSets())
		}
	}
	return fmt.Errorf("%w: got %q", ErrUnknownKernelSet, name)
}
