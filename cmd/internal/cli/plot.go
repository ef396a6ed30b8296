package cli

import (
	"fmt"
	"image"
	"image/color"
	"slices"

	"github.com/go-autoencoders/ae/nets"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Plane returns n codes of k values in two dimensions: the codes
// themselves for k = 2, their first two principal components otherwise
// (for k = 1, the code against the sample's index), with the axes' names.
func Plane(codes []float32, k int) (xs, ys []float64, xName, yName string, err error) {
	if k <= 0 || len(codes) == 0 || len(codes)%k != 0 {
		return nil, nil, "", "", fmt.Errorf("%d values are not whole codes of %d", len(codes), k)
	}
	n := len(codes) / k
	xs, ys = make([]float64, n), make([]float64, n)
	switch k {
	case 1:
		for i := range n {
			xs[i], ys[i] = float64(codes[i]), float64(i)
		}
		return xs, ys, "code", "sample", nil
	case 2:
		for i := range n {
			xs[i], ys[i] = float64(codes[2*i]), float64(codes[2*i+1])
		}
		return xs, ys, "code 0", "code 1", nil
	}
	p, err := nets.FitPCA(codes, k, 2)
	if err != nil {
		return nil, nil, "", "", err
	}
	for i := range n {
		for j := range k {
			v := float64(codes[i*k+j]) - p.Mean[j]
			xs[i] += v * p.Components.At(j, 0)
			ys[i] += v * p.Components.At(j, 1)
		}
	}
	return xs, ys, "principal component 1", "principal component 2", nil
}

// LatentPlot draws n codes of k values in the plane (see Plane), one
// colour a label (labels nil: one colour), with a legend of the labels.
// It could move to viz.LatentPlane.
func LatentPlot(title string, codes []float32, k int, labels []string) (image.Image, error) {
	xs, ys, xName, yName, err := Plane(codes, k)
	if err != nil {
		return nil, err
	}
	classes := []string{""}
	if labels != nil {
		if len(labels) != len(xs) {
			return nil, fmt.Errorf("%d labels for %d codes", len(labels), len(xs))
		}
		classes = uniq(labels)
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text, p.Y.Label.Text = xName, yName
	p.Legend.Top = true
	for ci, c := range classes {
		var pts plotter.XYs
		for i := range xs {
			if labels == nil || labels[i] == c {
				pts = append(pts, plotter.XY{X: xs[i], Y: ys[i]})
			}
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		s.GlyphStyle.Shape = draw.CircleGlyph{}
		s.GlyphStyle.Radius = vg.Points(1.2)
		s.GlyphStyle.Color = withAlpha(tab10[ci%len(tab10)], 200)
		p.Add(s)
		if labels != nil && len(classes) <= 20 {
			p.Legend.Add(c, s)
		}
	}
	cv := vgimg.New(7*vg.Inch, 6*vg.Inch)
	p.Draw(draw.New(cv))
	return cv.Image(), nil
}

func uniq(labels []string) []string {
	s := slices.Clone(labels)
	slices.Sort(s)
	return slices.Compact(s)
}

// tab10 is matplotlib's palette of ten distinct colours.
var tab10 = []color.RGBA{
	{0x1f, 0x77, 0xb4, 255}, {0xff, 0x7f, 0x0e, 255}, {0x2c, 0xa0, 0x2c, 255}, {0xd6, 0x27, 0x28, 255}, {0x94, 0x67, 0xbd, 255},
	{0x8c, 0x56, 0x4b, 255}, {0xe3, 0x77, 0xc2, 255}, {0x7f, 0x7f, 0x7f, 255}, {0xbc, 0xbd, 0x22, 255}, {0x17, 0xbe, 0xcf, 255},
}

func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), a}
}
