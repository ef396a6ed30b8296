package nets

import (
	"fmt"
	"slices"
	"strings"

	"github.com/go-autoencoders/ae/graph"
)

// Summary returns a table of the layers, their output shapes and parameter
// counts, in the layout of Keras's model.summary(). Shapes are NCHW.
func (a *Autoencoder) Summary() string {
	type row struct {
		name, shape string
		params      int
	}
	rows := []row{{"input (InputLayer)", shapeText(a.plan.spec.Input), 0}}
	for _, l := range a.plan.layers() {
		n := 0
		for _, s := range l.params {
			n += size(s)
		}
		k, _ := kindOf(l.Type)
		rows = append(rows, row{fmt.Sprintf("%s (%s)", l.name, k.keras), shapeText(l.out), n})
	}
	var b strings.Builder
	line := strings.Repeat("_", 69)
	fmt.Fprintf(&b, "Model: %q\n%s\n", a.plan.spec.Name, line)
	fmt.Fprintf(&b, " %-36s%-22s%9s\n%s\n", "Layer (type)", "Output Shape", "Param #", strings.Repeat("=", 69))
	for i, r := range rows {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, " %-36s%-22s%9d\n", r.name, r.shape, r.params)
	}
	total, trainable := a.params.Count(), 0
	for _, name := range a.params.TrainableNames() {
		trainable += size(a.params.Shape(name))
	}
	fmt.Fprintf(&b, "%s\nTotal params: %s\nTrainable params: %s\nNon-trainable params: %s\n%s\n",
		strings.Repeat("=", 69), commas(total), commas(trainable), commas(total-trainable), line)
	return b.String()
}

// shapeText writes a sample shape as Keras does: (None, 16, 28, 28).
func shapeText(s []int) string {
	parts := []string{"None"}
	for _, d := range s {
		parts = append(parts, fmt.Sprint(d))
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// FLOPs returns the floating-point operations of one sample's forward pass
// through the dense and convolutional layers, a multiply-add counting as
// two; a training step costs about three times that per sample.
func (a *Autoencoder) FLOPs() int {
	g := graph.New(a.params)
	h := g.Input("x", append([]int{1}, a.plan.spec.Input...)...)
	net, err := a.Layers(g)
	if err != nil {
		return 0
	}
	total := 0
	for _, l := range slices.Concat(net.Encoder, net.Decoder) {
		in := h.Shape()[1:]
		if h, err = l.Fwd(h); err != nil {
			return 0
		}
		if c, ok := l.(graph.InputCosted); ok {
			total += c.InputFLOPs(in)
		} else if c, ok := l.(graph.Costed); ok {
			total += c.FLOPs(h.Shape()[1:])
		}
	}
	return total
}
