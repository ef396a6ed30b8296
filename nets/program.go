package nets

import (
	"fmt"
	"sync/atomic"

	"github.com/go-autoencoders/ae/graph"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Program is a compiled inference graph for a fixed number of rows: an
// input node, an output node and the Machine that runs them. Its
// weights are the net's, shared with every other graph of the net.
type Program struct {
	Graph   *graph.Graph
	In, Out *gorgonia.Node
	Rows    int
	m       *graph.Machine
}

// Run binds in (Rows samples) to the input, without copying it, runs the
// graph and returns its output in out, which may be nil. The graph only
// reads in, which must not change while Run runs. Where the output node's
// op can write into out directly it does, and out is not copied.
func (p *Program) Run(in, out []float32) ([]float32, error) {
	shape := p.In.Shape()
	if len(in) != shape.TotalSize() {
		return nil, fmt.Errorf("nets: program for input %v got %d values", shape, len(in))
	}
	if err := gorgonia.Let(p.In, tensor.New(tensor.WithShape(shape...), tensor.WithBacking(in))); err != nil {
		return nil, fmt.Errorf("nets: program for input %v: %w", shape, err)
	}
	size := p.Out.Shape().TotalSize()
	if out == nil {
		out = make([]float32, size)
	}
	if len(out) != size {
		return nil, fmt.Errorf("nets: program for output %v: out has %d values", p.Out.Shape(), len(out))
	}
	if graph.BindOutput(p.Out, out) {
		// the op must not keep the caller's slice past this run
		defer graph.BindOutput(p.Out, nil)
	}
	if err := p.m.Run(); err != nil {
		return nil, err
	}
	res := p.Out.Value().Data().([]float32)
	if &res[0] != &out[0] {
		copy(out, res)
	}
	return out, nil
}

// Close releases the program's resources: none now, as its machine runs on
// the caller's goroutine.
func (p *Program) Close() error { return nil }

type progKind int

const (
	encoderProg progKind = iota
	decoderProg
	fullProg
)

// progKey names a program: its kind, its rows and which of the threads of
// runRows runs it (each has its own graph, for its own activations).
type progKey struct {
	kind   progKind
	rows   int
	worker int
}

// Encoder returns the graph from input to code for rows samples: Keras's
// Model(input, encoded). It shares the net's weights.
func (a *Autoencoder) Encoder(rows int) (*Program, error) { return a.program(encoderProg, rows, 0) }

// Decoder returns the graph from code to output for rows codes: the last
// layers of the net applied to a code input. It shares the net's weights.
func (a *Autoencoder) Decoder(rows int) (*Program, error) { return a.program(decoderProg, rows, 0) }

// Full returns the graph from input to reconstruction for rows samples.
func (a *Autoencoder) Full(rows int) (*Program, error) { return a.program(fullProg, rows, 0) }

func (a *Autoencoder) program(kind progKind, rows, worker int) (*Program, error) {
	if rows <= 0 {
		return nil, fmt.Errorf("nets: rows must be positive. Received: %d", rows)
	}
	key := progKey{kind, rows, worker}
	if p, ok := a.progs[key]; ok {
		return p, nil
	}
	g := graph.New(a.params)
	var in, out *gorgonia.Node
	switch kind {
	case encoderProg:
		in = g.Input("x", append([]int{rows}, a.plan.spec.Input...)...)
		enc, err := layers(g, a.plan.encoder)
		if err != nil {
			return nil, err
		}
		if out, err = graph.Forward(in, enc...); err != nil {
			return nil, err
		}
	case decoderProg:
		in = g.Input("code", append([]int{rows}, a.plan.code...)...)
		dec, err := layers(g, a.plan.decoder)
		if err != nil {
			return nil, err
		}
		if out, err = graph.Forward(in, dec...); err != nil {
			return nil, err
		}
	case fullProg:
		// the encoder (and a VAE's sampling) and the decoder, the output
		// activation fused with the last layer's bias as every other
		// activation
		in = g.Input("x", append([]int{rows}, a.plan.spec.Input...)...)
		net, err := a.Layers(g)
		if err != nil {
			return nil, err
		}
		b := &Built{Net: net, Input: in}
		if err := b.encode(g); err != nil {
			return nil, err
		}
		if out, err = graph.Forward(b.Sample, net.Decoder...); err != nil {
			return nil, err
		}
	}
	m, err := graph.NewMachine(g.ExprGraph)
	if err != nil {
		return nil, fmt.Errorf("nets: program for %d rows: %w", rows, err)
	}
	p := &Program{Graph: g, In: in, Out: out, Rows: rows, m: m}
	a.progs[key] = p
	return p, nil
}

// chunkRows is the largest batch inference runs at once.
const chunkRows = 256

// Encode returns the codes of x, any number of samples stored row after
// row (len(x) a multiple of the sample size).
func (a *Autoencoder) Encode(x []float32) ([]float32, error) { return a.EncodeTo(nil, x) }

// EncodeTo is Encode writing into dst's storage when it has room for the
// codes, as a server or a loop over batches reuses one buffer; it returns
// the codes, dst or a new slice. dst must not overlap x.
func (a *Autoencoder) EncodeTo(dst, x []float32) ([]float32, error) {
	return a.runRows(encoderProg, dst, x, graph.Size(a.plan.spec.Input), graph.Size(a.plan.code))
}

// Decode returns the outputs for codes, any number of codes stored row after
// row.
func (a *Autoencoder) Decode(codes []float32) ([]float32, error) {
	return a.runRows(decoderProg, nil, codes, graph.Size(a.plan.code), graph.Size(a.plan.spec.Input))
}

// Reconstruct returns the autoencoder's output for x, any number of samples.
func (a *Autoencoder) Reconstruct(x []float32) ([]float32, error) { return a.ReconstructTo(nil, x) }

// ReconstructTo is Reconstruct writing into dst's storage when it has room
// for the outputs; it returns them, in dst or a new slice. dst must not
// overlap x.
func (a *Autoencoder) ReconstructTo(dst, x []float32) ([]float32, error) {
	return a.runRows(fullProg, dst, x, graph.Size(a.plan.spec.Input), graph.Size(a.plan.spec.Input))
}

// SetInferenceThreads sets on how many threads Encode, Decode and
// Reconstruct run their chunks of 256 rows side by side, each thread with
// its own programs (and their activations); n <= 0, the default, follows
// graph.Threads. A server that keeps one net per core sets 1.
func (a *Autoencoder) SetInferenceThreads(n int) { a.threads = max(n, 0) }

// runRows runs the program of kind over x in chunks of chunkRows rows into
// dst (or a new slice). With more than one chunk and thread, the threads
// take turns at the chunks, each with its own programs and its kernels on
// one thread; the chunks are those of one thread, so the outputs are too.
func (a *Autoencoder) runRows(kind progKind, dst, x []float32, inSize, outSize int) ([]float32, error) {
	if len(x)%inSize != 0 {
		return nil, fmt.Errorf("nets: %d values are not a whole number of rows of %d", len(x), inSize)
	}
	rows := len(x) / inSize
	out := dst[:0]
	if cap(out) < rows*outSize {
		out = make([]float32, rows*outSize)
	}
	out = out[:rows*outSize]
	chunks := (rows + chunkRows - 1) / chunkRows
	workers := a.threads
	if workers == 0 {
		workers = graph.Threads()
	}
	workers = max(1, min(workers, chunks))
	progs := make([][]*Program, workers) // a worker's programs, chunk by chunk
	for c := range chunks {
		w, r := c%workers, c*chunkRows
		p, err := a.program(kind, min(chunkRows, rows-r), w)
		if err != nil {
			return nil, err
		}
		progs[w] = append(progs[w], p)
	}
	errs := make([]error, chunks)
	var failed atomic.Bool // stops every thread at its next chunk
	run := func(w int) {
		for i, p := range progs[w] {
			if failed.Load() {
				return
			}
			r := (w + i*workers) * chunkRows
			in, o := x[r*inSize:(r+p.Rows)*inSize], out[r*outSize:(r+p.Rows)*outSize]
			if _, err := p.Run(in, o); err != nil {
				errs[w+i*workers] = fmt.Errorf("nets: rows %d-%d: %w", r, r+p.Rows-1, err)
				failed.Store(true)
				return
			}
		}
	}
	if workers == 1 {
		run(0)
	} else {
		graph.Concurrently(workers, run)
	}
	for _, err := range errs {
		if err != nil {
			return nil, err // the first failed chunk's
		}
	}
	return out, nil
}

// Close releases the machines of the inference programs.
func (a *Autoencoder) Close() error {
	for k, p := range a.progs {
		p.Close()
		delete(a.progs, k)
	}
	return nil
}
