package viz

import (
	"fmt"
	"image"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// featureRows is how many rows Features draws feature by feature.
const featureRows = 4

// Features draws the reconstructions of tabular data, rows of d values
// that are no images: for the first four of the n rows, a panel with the
// input's values against the reconstruction's, feature by feature; below
// them, the mean squared error of each feature over all n rows, as bars.
// names, if not nil, names the d features on the axes; else they are
// numbered from 0.
func Features(x, recon []float32, n, d int, names []string) (image.Image, error) {
	if n <= 0 || d <= 0 {
		return nil, fmt.Errorf("viz: features: n=%d rows of d=%d values must be positive", n, d)
	}
	if len(x) < n*d || len(recon) < n*d {
		return nil, fmt.Errorf("viz: features: %d inputs and %d reconstructions hold fewer than %d rows of %d", len(x), len(recon), n, d)
	}
	if names != nil && len(names) != d {
		return nil, fmt.Errorf("viz: features: %d names for %d features", len(names), d)
	}
	shown := min(n, featureRows)
	cols := min(shown, 2)
	rows := (shown + cols - 1) / cols
	width, rowHeight, mseHeight := 10*vg.Inch, 2.8*vg.Inch, 3.2*vg.Inch
	c := vgimg.New(width, vg.Length(rows)*rowHeight+mseHeight)
	dc := draw.New(c)

	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
		for j := range grid[i] {
			if r := i*cols + j; r < shown {
				p, err := featurePlot(fmt.Sprintf("row %d", r), x[r*d:(r+1)*d], recon[r*d:(r+1)*d], names)
				if err != nil {
					return nil, fmt.Errorf("viz: features: %w", err)
				}
				grid[i][j] = p
			}
		}
	}
	top := draw.Crop(dc, 0, 0, mseHeight, 0)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(12), PadY: vg.Points(12),
		PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
	canvases := plot.Align(grid, tiles, top)
	for i := range grid {
		for j, p := range grid[i] {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
	mse, err := msePlot(x, recon, n, d, names)
	if err != nil {
		return nil, fmt.Errorf("viz: features: %w", err)
	}
	bottom := draw.Crop(dc, vg.Points(4), -vg.Points(4), vg.Points(4), -(vg.Length(rows)*rowHeight + vg.Points(4)))
	mse.Draw(bottom)
	return c.Image(), nil
}

// featurePlot draws one row's input and reconstruction against the feature
// index.
func featurePlot(title string, in, out []float32, names []string) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = title
	p.Y.Label.Text = "value"
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	for i, series := range []struct {
		name string
		v    []float32
	}{{"input", in}, {"reconstruction", out}} {
		pts := make(plotter.XYs, len(series.v))
		for f, v := range series.v {
			pts[f] = plotter.XY{X: float64(f), Y: float64(v)}
		}
		l, s, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, err
		}
		l.Width = vg.Points(1.2)
		s.Radius = vg.Points(2)
		if i == 1 {
			l.Color, s.Color = orange, orange
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
			s.Shape = draw.BoxGlyph{}
		}
		if len(series.v) > 60 {
			s.Radius = 0
		}
		p.Add(l, s)
		p.Legend.Add(series.name, l, s)
	}
	featureAxis(p, len(in), names)
	// room above the values for the legend
	lo, hi := plotter.Range(plotter.Values(append(toF64(in), toF64(out)...)))
	p.Y.Min, p.Y.Max = lo, hi+0.35*math.Max(hi-lo, 1e-3)
	return p, nil
}

// msePlot draws the mean squared error of each feature over n rows.
func msePlot(x, recon []float32, n, d int, names []string) (*plot.Plot, error) {
	mse := featureMSE(x, recon, n, d)
	for f, v := range mse {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("feature %d: the squared error is %v", f, v)
		}
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("mean squared error per feature over %d rows", n)
	p.Y.Label.Text = "MSE"
	p.Add(plotter.NewGrid())
	bars, err := plotter.NewBarChart(mse, vg.Points(max(1, min(24, 600/float64(d)))))
	if err != nil {
		return nil, err
	}
	bars.Color = Palette[0]
	bars.LineStyle.Width = 0
	p.Add(bars)
	featureAxis(p, d, names)
	return p, nil
}

// featureAxis labels the x axis with the feature names, or numbers.
func featureAxis(p *plot.Plot, d int, names []string) {
	p.X.Label.Text = "feature"
	p.X.Min, p.X.Max = -0.5, float64(d)-0.5
	if d > 30 {
		return
	}
	ticks := make([]plot.Tick, d)
	for f := range ticks {
		label := strconv.Itoa(f)
		if names != nil {
			label = names[f]
		}
		ticks[f] = plot.Tick{Value: float64(f), Label: label}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	if names != nil && d > 6 {
		p.X.Tick.Label.Rotation = math.Pi / 4
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
}

// featureMSE returns the mean squared error of each of the d features
// over n rows.
func featureMSE(x, recon []float32, n, d int) plotter.Values {
	mse := make(plotter.Values, d)
	for r := 0; r < n; r++ {
		for f := 0; f < d; f++ {
			e := float64(x[r*d+f]) - float64(recon[r*d+f])
			mse[f] += e * e / float64(n)
		}
	}
	return mse
}

func toF64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
