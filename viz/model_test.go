package viz

import (
	"errors"
	"image"
	"slices"
	"strings"
	"testing"
)

// fakeModel halves its inputs, codes a sample as its first code values,
// decodes a code as an image of its first value, and has filters unless
// noFilters.
type fakeModel struct {
	dim       int   // values per sample
	code      []int // code shape
	noFilters bool
	decoded   int // codes decoded
}

func (m *fakeModel) Reconstruct(x []float32) ([]float32, error) {
	out := make([]float32, len(x))
	for i, v := range x {
		out[i] = v / 2
	}
	return out, nil
}

func (m *fakeModel) Encode(x []float32) ([]float32, error) {
	c := size(m.code)
	var out []float32
	for i := 0; i+m.dim <= len(x); i += m.dim {
		out = append(out, x[i:i+c]...)
	}
	return out, nil
}

func (m *fakeModel) Decode(z []float32) ([]float32, error) {
	c := size(m.code)
	m.decoded += len(z) / c
	var out []float32
	for i := 0; i < len(z); i += c {
		for j := 0; j < m.dim; j++ {
			out = append(out, z[i])
		}
	}
	return out, nil
}

func (m *fakeModel) Filters() ([]float32, int, int, int, error) {
	if m.noFilters {
		return nil, 0, 0, 0, errors.New("no filters")
	}
	return make([]float32, 4*9), 4, 3, 3, nil
}

func (m *fakeModel) CodeShape() []int { return m.code }

func TestModelPictures(t *testing.T) {
	x := make([]float32, 30*16)
	for i := range x {
		x[i] = float32(i%7) / 7
	}
	labels := make([]string, 30)
	for i := range labels {
		labels[i] = string(rune('0' + i%3))
	}
	noise := func(x []float32) {
		for i := range x {
			x[i] = 1 - x[i]
		}
	}
	hist := []float64{0.3, 0.2}
	for _, tc := range []struct {
		name  string
		model *fakeModel
		in    Input
		want  []string
	}{
		{"dense", &fakeModel{dim: 16, code: []int{4}}, Input{X: x, Image: []int{1, 4, 4}, Loss: hist, ValLoss: hist},
			[]string{"reconstructions.png", "filters.png", "codes.png", "loss.png"}},
		{"no history, no filters", &fakeModel{dim: 16, code: []int{2, 2, 2}, noFilters: true}, Input{X: x, Image: []int{1, 4, 4}},
			[]string{"reconstructions.png", "codes.png"}},
		{"denoise", &fakeModel{dim: 16, code: []int{4}}, Input{X: x, Image: []int{1, 4, 4}, Corrupt: noise},
			[]string{"reconstructions.png", "filters.png", "codes.png", "denoised.png"}},
		{"vae", &fakeModel{dim: 16, code: []int{2}}, Input{X: x, Image: []int{1, 4, 4}, Labels: labels, Variational: true, Loss: hist,
			Terms: []Series{{"reconstruction", hist, hist}, {"kl", hist, hist}}},
			[]string{"reconstructions.png", "filters.png", "codes.png", "loss.png", "latent.png", "manifold.png"}},
		{"vae with a 3-D code", &fakeModel{dim: 16, code: []int{3}}, Input{X: x, Image: []int{1, 4, 4}, Variational: true},
			[]string{"reconstructions.png", "filters.png", "codes.png", "latent.png"}},
		{"colour", &fakeModel{dim: 48, code: []int{4}}, Input{X: x, Image: []int{3, 4, 4}, Corrupt: noise},
			[]string{"reconstructions.png", "filters.png", "codes.png", "denoised.png"}},
		{"tabular", &fakeModel{dim: 6, code: []int{2}}, Input{X: x, Dim: 6, Names: []string{"a", "b", "c", "d", "e", "f"}, Corrupt: noise, Variational: true},
			[]string{"reconstructions.png", "filters.png", "codes.png", "latent.png"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pics, err := ModelPictures(tc.model, tc.in)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, p := range pics {
				names = append(names, p.Name)
			}
			if !slices.Equal(names, tc.want) {
				t.Fatalf("pictures %v, want %v", names, tc.want)
			}
			if slices.Contains(names, "manifold.png") && tc.model.decoded != ManifoldSize*ManifoldSize {
				t.Errorf("decoded %d codes, want %d", tc.model.decoded, ManifoldSize*ManifoldSize)
			}
			for _, p := range pics {
				if p.Name == "reconstructions.png" && tc.in.Image != nil {
					// 10 tiles of 4 wide at zoom 2, gaps of 2
					if b := p.Image.Bounds(); b.Dx() != 10*8+11*2 {
						t.Errorf("reconstructions %v, want 10 images a row", b)
					}
					_, colour := p.Image.(*image.RGBA)
					if colour != (tc.in.Image[0] == 3) {
						t.Errorf("reconstructions are a %T for %d channels", p.Image, tc.in.Image[0])
					}
				}
			}
		})
	}
	for name, in := range map[string]Input{
		"no shape":       {X: x},
		"two channels":   {X: x, Image: []int{2, 4, 4}},
		"too few values": {X: x[:10], Image: []int{1, 4, 4}},
		"few labels":     {X: x, Image: []int{1, 4, 4}, Variational: true, Labels: labels[:5]},
	} {
		if _, err := ModelPictures(&fakeModel{dim: 16, code: []int{2}}, in); err == nil {
			t.Errorf("%s: no error", name)
		} else if !strings.HasPrefix(err.Error(), "viz: ") {
			t.Errorf("%s: error %q lacks the package prefix", name, err)
		}
	}
}
