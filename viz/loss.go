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

// LossCurve plots loss and, where given, val_loss against the epoch
// number, with axes, labels and a legend. NaN values (no validation) are
// left out.
func LossCurve(title string, loss, valLoss []float64) (image.Image, error) {
	if len(loss) == 0 {
		return nil, fmt.Errorf("viz: loss curve: no epochs")
	}
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = "epoch"
	p.Y.Label.Text = "loss"
	p.Add(plotter.NewGrid())
	p.Legend.Top = true
	for i, series := range []struct {
		name string
		ys   []float64
	}{{"loss", loss}, {"val_loss", valLoss}} {
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
			return nil, fmt.Errorf("viz: loss curve: %w", err)
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
	if len(loss) < 10 {
		p.X.Tick.Marker = integerTicks{}
	}
	c := vgimg.New(6*vg.Inch, 4*vg.Inch)
	p.Draw(draw.New(c))
	return c.Image(), nil
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
