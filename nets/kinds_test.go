package nets

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/go-autoencoders/ae/graph"
)

// kindSettings are layers with every setting set, in a few variants; a
// kind takes the settings it uses. Each reshape shape holds the 40 values
// of kindInputs.
var kindSettings = []Layer{
	{Units: 3, Filters: 2, Kernel: 3, Size: 2, Rate: 0.5, Shape: []int{4, 2, 5}, Activation: "relu", N: 3, Sequences: true},
	{Units: 1, Filters: 3, Kernel: 3, Stride: 2, Size: 3, Padding: "valid", Shape: []int{40}, Activation: "tanh", N: 1},
	{Units: 2, Filters: 1, Kernel: 1, Stride: 2, Size: 2, Padding: "valid", Shape: []int{2, 20}, Activation: "leaky_relu", N: 2, Sequences: true},
	{Units: 2, Filters: 2, Kernel: 2, Stride: 3, Size: 4, Padding: "same", Shape: []int{5, 8}},
	{Units: 3, Filters: 1, Kernel: 1, Size: 2, Shape: []int{40}, N: 2, Sequences: true},
}

// kindInputs returns the sample shapes a kind is tried on: 40 values as
// vectors, as images, or both.
func kindInputs(k kind) [][]int {
	vec, img := []int{40}, []int{2, 4, 5}
	switch k.axes {
	case 1:
		return [][]int{vec}
	case 3:
		return [][]int{img}
	case 2:
		return [][]int{{4, 10}}
	}
	return [][]int{vec, img}
}

// TestKinds: every entry of the table of kinds, with each variant of its
// settings and on each input it takes, plans and builds (or is refused by
// its out function, as flatten refuses vectors; every kind builds at
// least twice); the output shape
// its out function gives is the built graph node's, its parameters are
// named by its prefix and suffixes, with the shapes out gives, in creation
// order; the summary's name is the graph layer's Kind; its aliases read
// as its name; its Filters picture, if any, tiles its kernel.
func TestKinds(t *testing.T) {
	for _, k := range kinds {
		built := 0
		for _, in := range kindInputs(k) {
			for i, l := range kindSettings {
				l.Type = k.name
				t.Run(fmt.Sprintf("%s/%v/%d", k.name, in, i), func(t *testing.T) {
					if checkKind(t, k, l, in) {
						built++
					}
				})
			}
		}
		if built < 2 {
			t.Errorf("%s: built %d times", k.name, built)
		}
		for _, alias := range k.aliases {
			var got LayerKind
			if err := json.Unmarshal([]byte(`"`+alias+`"`), &got); err != nil || got != k.name {
				t.Errorf("alias %q reads as %q, %v; want %q", alias, got, err, k.name)
			}
		}
	}
}

// checkKind plans, builds and checks l on input in, and reports whether
// it was built.
func checkKind(t *testing.T, k kind, l Layer, in []int) bool {
	out, shapes, err := l.outShape(in)
	if err != nil {
		t.Logf("refused: %v", err)
		return false
	}
	p := planned{Layer: l, name: "encoder/" + k.prefix + "0", in: in, out: out, params: shapes}
	params := graph.NewParams(1)
	g := graph.New(params)
	gl, err := p.layer(g)
	if err != nil {
		t.Fatal(err)
	}
	y, err := gl.Fwd(g.Input("x", append([]int{2}, in...)...))
	if err != nil {
		t.Fatal(err)
	}
	if want := append([]int{2}, out...); !slices.Equal(y.Shape(), want) {
		t.Errorf("built output %v, outShape says %v", y.Shape(), want)
	}
	if gl.Kind() != k.keras {
		t.Errorf("graph layer kind %q, the table says %q", gl.Kind(), k.keras)
	}
	if len(shapes) != len(k.params) {
		t.Fatalf("outShape gives %d parameters, the table names %d", len(shapes), len(k.params))
	}
	var want []string
	for i, s := range k.params {
		want = append(want, p.name+"/"+s)
		if got := params.Shape(want[i]); !slices.Equal(got, shapes[i]) {
			t.Errorf("%s: shape %v, outShape says %v", want[i], got, shapes[i])
		}
	}
	if got := params.Names(); !slices.Equal(got, want) {
		t.Errorf("parameters %v, the table says %v", got, want)
	}
	if k.filters != nil {
		tiles, n, h, w := k.filters(params.Shape(want[0]), params.Data(want[0]), nil)
		if n <= 0 || len(tiles) != n*h*w {
			t.Errorf("filters: %d values for %d tiles of %dx%d", len(tiles), n, h, w)
		}
	}
	return !t.Failed()
}
