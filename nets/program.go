package nets

import (
	"fmt"

	"github.com/go-autoencoders/ae/graph"
	"gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// Program is a compiled inference graph for a fixed number of rows: an
// input node, an output node and the TapeMachine that runs them. Its
// weights are the net's, shared with every other graph of the net.
type Program struct {
	Graph   *graph.Graph
	In, Out *gorgonia.Node
	Rows    int
	vm      gorgonia.VM
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
	p.vm.Reset()
	if err := p.vm.RunAll(); err != nil {
		return nil, err
	}
	res := p.Out.Value().Data().([]float32)
	if &res[0] != &out[0] {
		copy(out, res)
	}
	return out, nil
}

// Close releases the machine.
func (p *Program) Close() error { return p.vm.Close() }

type progKind int

const (
	encoderProg progKind = iota
	decoderProg
	fullProg
)

type progKey struct {
	kind progKind
	rows int
}

// Encoder returns the graph from input to code for rows samples: Keras's
// Model(input, encoded). It shares the net's weights.
func (a *Autoencoder) Encoder(rows int) (*Program, error) { return a.program(encoderProg, rows) }

// Decoder returns the graph from code to output for rows codes: the last
// layers of the net applied to a code input. It shares the net's weights.
func (a *Autoencoder) Decoder(rows int) (*Program, error) { return a.program(decoderProg, rows) }

// Full returns the graph from input to reconstruction for rows samples.
func (a *Autoencoder) Full(rows int) (*Program, error) { return a.program(fullProg, rows) }

func (a *Autoencoder) program(kind progKind, rows int) (*Program, error) {
	if rows <= 0 {
		return nil, fmt.Errorf("nets: rows must be positive. Received: %d", rows)
	}
	key := progKey{kind, rows}
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
	p := &Program{Graph: g, In: in, Out: out, Rows: rows, vm: gorgonia.NewTapeMachine(g.ExprGraph)}
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
	for r := 0; r < rows; r += chunkRows {
		n := min(chunkRows, rows-r)
		p, err := a.program(kind, n)
		if err != nil {
			return nil, err
		}
		if _, err := p.Run(x[r*inSize:(r+n)*inSize], out[r*outSize:(r+n)*outSize]); err != nil {
			return nil, fmt.Errorf("nets: rows %d-%d: %w", r, r+n-1, err)
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
