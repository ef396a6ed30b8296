package viz

import (
	"fmt"
	"image"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Series is one named quantity per epoch, on the training data and on the
// validation data (NaN or missing where there is none): a term of a loss.
type Series struct {
	Name       string
	Train, Val []float64
}

// LossCurve plots loss and, where given, val_loss against the epoch
// number, with axes, labels and a legend. NaN values (no validation) are
// left out.
func LossCurve(title string, loss, valLoss []float64) (image.Image, error) {
	p, err := lossPlot(title, "loss", loss, valLoss)
	if err != nil {
		return nil, fmt.Errorf("viz: loss curve: %w", err)
	}
	c := vgimg.New(6*vg.Inch, 4*vg.Inch)
	p.Draw(draw.New(c))
	return c.Image(), nil
}

// LossTerms plots the loss next to each of its terms (reconstruction, l1,
// kl, contractive), one panel each since their scales differ by orders of
// magnitude: the total first, then the terms in their order, in one
// row up to three panels, else two a row. Each panel has the training and, where given, the validation
// values. With no terms it is LossCurve.
func LossTerms(title string, loss, valLoss []float64, terms []Series) (image.Image, error) {
	if len(terms) == 0 {
		return LossCurve(title, loss, valLoss)
	}
	panels := make([]*plot.Plot, 0, 1+len(terms))
	p, err := lossPlot(title+": loss", "loss", loss, valLoss)
	if err != nil {
		return nil, fmt.Errorf("viz: loss terms: %w", err)
	}
	panels = append(panels, p)
	for _, t := range terms {
		p, err := lossPlot(t.Name, t.Name, t.Train, t.Val)
		if err != nil {
			return nil, fmt.Errorf("viz: loss terms: %s: %w", t.Name, err)
		}
		panels = append(panels, p)
	}
	cols := len(panels) // in one row, or two rows of two
	if cols > 3 {
		cols = 2
	}
	rows := (len(panels) + cols - 1) / cols
	grid := make([][]*plot.Plot, rows)
	for i := range grid {
		grid[i] = make([]*plot.Plot, cols)
		for j := range grid[i] {
			if k := i*cols + j; k < len(panels) {
				grid[i][j] = panels[k]
			}
		}
	}
	c := vgimg.New(vg.Length(cols)*4.5*vg.Inch, vg.Length(rows)*3.5*vg.Inch)
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: vg.Points(12), PadY: vg.Points(12),
		PadTop: vg.Points(4), PadBottom: vg.Points(4), PadLeft: vg.Points(4), PadRight: vg.Points(4)}
	canvases := plot.Align(grid, tiles, dc)
	for i := range grid {
		for j, p := range grid[i] {
			if p != nil {
				p.Draw(canvases[i][j])
			}
		}
	}
	return c.Image(), nil
}

// lossPlot plots one quantity per epoch on the training and validation
// data.
func lossPlot(title, ylabel string, train, val []float64) (*plot.Plot, error) {
	if len(train) == 0 {
		return nil, fmt.Errorf("no epochs")
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = ylabel
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	for i, series := range []struct {
		name string
		ys   []float64
	}{{ylabel, train}, {"val_" + ylabel, val}} {
		var pts plotter.XYs
		for e, y := range series.ys {
			if !math.IsNaN(y) && !math.IsInf(y, 0) {
				pts = append(pts, plotter.XY{X: float64(e + 1), Y: y})
			}
		}
		if len(pts) == 0 {
			continue
		}
		l, s, err := plotter.NewLinePoints(pts)
		if err != nil {
			return nil, err
		}
		l.Color = plotter.DefaultLineStyle.Color
		l.Width = vg.Points(1.5)
		if i == 1 {
			l.Color = orange
			l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
			s.Color = orange
			s.Shape = draw.BoxGlyph{}
		}
		s.Radius = vg.Points(2)
		p.Add(l, s)
		p.Legend.Add(series.name, l, s)
	}
	if len(train) < 10 {
		p.X.Tick.Marker = integerTicks{}
	}
	flatRange(p, train, val)
	return p, nil
}

// flatRange sets the y range: with room at the top for the legend, and
// for a quantity that hardly changes (a small penalty that stays put) a
// range around its value, where gonum's default would be value ± 1 and
// draw it as zero.
func flatRange(p *plot.Plot, series ...[]float64) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, v := range s {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	mag := math.Max(math.Abs(lo), math.Abs(hi))
	switch {
	case lo > hi || mag == 0:
	case hi-lo <= 1e-3*mag:
		p.Y.Min, p.Y.Max = lo-0.1*mag, hi+0.1*mag
	default: // room at the top for the legend
		p.Y.Min, p.Y.Max = lo, hi+0.2*(hi-lo)
	}
}

var orange = colorRGBA(0xe6, 0x7e, 0x22)

// integerTicks marks whole epochs.
type integerTicks struct{}

func (integerTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for x := math.Ceil(lo); x <= hi; x++ {
		ts = append(ts, plot.Tick{Value: x, Label: fmt.Sprint(int(x))})
	}
	return ts
}
