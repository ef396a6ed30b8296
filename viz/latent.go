package viz

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Palette is matplotlib's "tab10": ten colours told apart at a glance, one
// per digit class.
var Palette = []color.RGBA{
	colorRGBA(0x1f, 0x77, 0xb4), colorRGBA(0xff, 0x7f, 0x0e), colorRGBA(0x2c, 0xa0, 0x2c),
	colorRGBA(0xd6, 0x27, 0x28), colorRGBA(0x94, 0x67, 0xbd), colorRGBA(0x8c, 0x56, 0x4b),
	colorRGBA(0xe3, 0x77, 0xc2), colorRGBA(0x7f, 0x7f, 0x7f), colorRGBA(0xbc, 0xbd, 0x22),
	colorRGBA(0x17, 0xbe, 0xcf),
}

// LabelNames returns numeric labels, such as MNIST's digits, as the
// strings LatentPlane takes.
func LabelNames(labels []uint8) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		out[i] = strconv.Itoa(int(l))
	}
	return out
}

// LatentPlane draws the codes of a labelled set as points in the plane,
// one colour per label with a legend, as the Keras blog draws the test
// digits' codes of its VAE. codes holds len(codes)/dim codes of dim values,
// row after row; labels, if not nil, has one label per code. Codes of two
// values are drawn as they are; longer ones are projected on their first
// two principal components, and the axes and the title say so. The points
// are drawn in the order of the codes, so that no class hides the others
// wholesale; the labels are listed in the legend in their sorted order
// (numerically when they are numbers). Beyond ten labels the colours come
// round again with other shapes.
func LatentPlane(codes []float32, dim int, labels []string, title string) (image.Image, error) {
	if dim < 2 {
		return nil, fmt.Errorf("viz: latent plane: codes of %d values; want 2 or more", dim)
	}
	n := len(codes) / dim
	if n == 0 || len(codes)%dim != 0 {
		return nil, fmt.Errorf("viz: latent plane: %d values are no whole number of codes of %d", len(codes), dim)
	}
	if labels != nil && len(labels) != n {
		return nil, fmt.Errorf("viz: latent plane: %d labels for %d codes", len(labels), n)
	}
	xs, ys, err := plane(codes, n, dim)
	if err != nil {
		return nil, err
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text, p.Y.Label.Text = "z[0]", "z[1]"
	if dim > 2 {
		p.Title.Text = fmt.Sprintf("%s\nfirst two principal components of the %d-D codes", title, dim)
		p.X.Label.Text, p.Y.Label.Text = "PC 1", "PC 2"
	}
	p.Add(plotter.NewGrid())
	classes, index := classesOf(labels, n)
	p.Add(&pointCloud{xs: xs, ys: ys, class: index, styles: classStyles(len(classes))})
	c := vgimg.New(7*vg.Inch, 6*vg.Inch)
	dc := draw.New(c)
	top := -vg.Points(6) // room above the title
	if len(classes) == 0 {
		p.Draw(draw.Crop(dc, 0, 0, 0, top))
		return c.Image(), nil
	}
	legendWidth := vg.Inch
	p.Draw(draw.Crop(dc, 0, -legendWidth, 0, top))
	l := plot.NewLegend()
	l.Top = true
	for i, name := range classes {
		style := classStyles(len(classes))[i]
		style.Radius = vg.Points(4)
		l.Add(name, &plotter.Scatter{GlyphStyle: style})
	}
	l.YOffs = top - p.Title.TextStyle.Height(p.Title.Text) - vg.Points(8)
	l.Draw(draw.Crop(dc, 7*vg.Inch-legendWidth, 0, 0, 0))
	return c.Image(), nil
}

// plane returns the two coordinates each code is drawn at.
func plane(codes []float32, n, dim int) (xs, ys []float64, err error) {
	for i, v := range codes {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, nil, fmt.Errorf("viz: latent plane: code %d holds %v", i/dim, v)
		}
	}
	xs, ys = make([]float64, n), make([]float64, n)
	if dim == 2 {
		for i := 0; i < n; i++ {
			xs[i], ys[i] = float64(codes[2*i]), float64(codes[2*i+1])
		}
		return xs, ys, nil
	}
	pcs, mean, err := principalAxes(codes, n, dim, 2)
	if err != nil {
		return nil, nil, err
	}
	for i := 0; i < n; i++ {
		for j := 0; j < dim; j++ {
			v := float64(codes[i*dim+j]) - mean[j]
			xs[i] += v * pcs[0][j]
			ys[i] += v * pcs[1][j]
		}
	}
	return xs, ys, nil
}

// principalAxes returns the k leading eigenvectors of the covariance of n
// rows of dim values, each with its largest component positive, and the
// rows' mean.
func principalAxes(rows []float32, n, dim, k int) ([][]float64, []float64, error) {
	mean := make([]float64, dim)
	for i := 0; i < n; i++ {
		for j := 0; j < dim; j++ {
			mean[j] += float64(rows[i*dim+j]) / float64(n)
		}
	}
	cov := mat.NewSymDense(dim, nil)
	for i := 0; i < n; i++ {
		for a := 0; a < dim; a++ {
			va := float64(rows[i*dim+a]) - mean[a]
			for b := a; b < dim; b++ {
				cov.SetSym(a, b, cov.At(a, b)+va*(float64(rows[i*dim+b])-mean[b]))
			}
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		return nil, nil, fmt.Errorf("viz: principal components: the eigendecomposition failed")
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	axes := make([][]float64, k)
	for i := range axes { // eigenvalues come in ascending order
		axes[i] = mat.Col(nil, dim-1-i, &vecs)
		big := 0
		for j, v := range axes[i] {
			if math.Abs(v) > math.Abs(axes[i][big]) {
				big = j
			}
		}
		if axes[i][big] < 0 {
			for j := range axes[i] {
				axes[i][j] = -axes[i][j]
			}
		}
	}
	return axes, mean, nil
}

// classesOf returns the distinct labels in order and each code's index
// among them; no classes for nil labels.
func classesOf(labels []string, n int) ([]string, []int) {
	index := make([]int, n)
	if labels == nil {
		return nil, index
	}
	classes := slices.Clone(labels)
	slices.SortFunc(classes, compareLabels)
	classes = slices.Compact(classes)
	for i, l := range labels {
		index[i], _ = slices.BinarySearchFunc(classes, l, compareLabels)
	}
	return classes, index
}

// compareLabels orders numbers by value, before other labels in string
// order.
func compareLabels(a, b string) int {
	fa, ea := strconv.ParseFloat(a, 64)
	fb, eb := strconv.ParseFloat(b, 64)
	switch {
	case ea == nil && eb == nil && fa != fb:
		if fa < fb {
			return -1
		}
		return 1
	case ea == nil && eb != nil:
		return -1
	case ea != nil && eb == nil:
		return 1
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// classStyles returns a glyph per class: the palette's colours, as filled
// circles for the first ten classes, then as other shapes.
func classStyles(n int) []draw.GlyphStyle {
	shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.TriangleGlyph{}, draw.PlusGlyph{}, draw.CrossGlyph{}}
	styles := make([]draw.GlyphStyle, max(n, 1))
	for i := range styles {
		styles[i] = draw.GlyphStyle{Color: Palette[i%len(Palette)], Radius: vg.Points(2), Shape: shapes[(i/len(Palette))%len(shapes)]}
	}
	return styles
}

// pointCloud is a scatter plot whose points each have a class, drawn in
// their own order.
type pointCloud struct {
	xs, ys []float64
	class  []int
	styles []draw.GlyphStyle
}

func (pc *pointCloud) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range pc.xs {
		pt := vg.Point{X: trX(pc.xs[i]), Y: trY(pc.ys[i])}
		if c.Contains(pt) {
			c.DrawGlyph(pc.styles[pc.class[i]], pt)
		}
	}
}

func (pc *pointCloud) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = plotter.Range(plotter.Values(pc.xs))
	ymin, ymax = plotter.Range(plotter.Values(pc.ys))
	return xmin, xmax, ymin, ymax
}

func (pc *pointCloud) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	boxes := make([]plot.GlyphBox, len(pc.xs))
	for i := range pc.xs {
		boxes[i] = plot.GlyphBox{X: p.X.Norm(pc.xs[i]), Y: p.Y.Norm(pc.ys[i]), Rectangle: pc.styles[pc.class[i]].Rectangle()}
	}
	return boxes
}
