package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/metrics"
	"github.com/go-autoencoders/ae/viz"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// seriesPoints are the per-point results of scoring the windows of a
// series: each point's score by -point-rule and the mean of the
// reconstructions of the windows covering it, in raw units.
type seriesPoints struct {
	series  *data.Series
	rule    string
	scores  []float64
	covered []bool
	recon   []float64 // rows × channels, as series.X
}

// pointsOf returns the per-point results of the scored windows of
// held.Set, or nil when its samples are no windows of a series.
func pointsOf(ctx context.Context, o *options, a *nets.Autoencoder, held cli.Scored, scores []float64) (*seriesPoints, error) {
	w, ok := data.Windowed(held.Set)
	if !ok {
		return nil, nil
	}
	starts, err := data.WindowStarts(held.Set)
	if err != nil {
		return nil, err
	}
	s := w.Series
	p := &seriesPoints{series: s, rule: o.pointRule, recon: make([]float64, len(s.X))}
	if p.scores, p.covered, err = metrics.PointScores(scores, starts, w.Window, s.Len(), o.pointRule); err != nil {
		return nil, cli.UsageError{Err: fmt.Errorf("-point-rule: %w", err)}
	}
	count := make([]float64, s.Len())
	c, win := s.Channels, w.Window
	err = cli.EachScaledBatch(ctx, held.Set, a, func(start int, x []float32) error {
		r, err := a.Reconstruct(x)
		if err != nil {
			return err
		}
		if sc := a.Spec().Scale; sc != nil {
			if err := sc.Invert(r); err != nil {
				return err
			}
		}
		for i := range len(r) / (c * win) {
			first := starts[start+i]
			for t := range win {
				count[first+t]++
				for ch := range c {
					p.recon[(first+t)*c+ch] += float64(r[(i*c+ch)*win+t])
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range p.recon {
		if k := count[i/c]; k > 0 {
			p.recon[i] /= k
		}
	}
	return p, nil
}

// counts returns what the points come to against threshold.
func (p *seriesPoints) counts(threshold float64) *cli.PointCounts {
	pc := &cli.PointCounts{Rule: p.rule, Points: len(p.scores)}
	for i, v := range p.scores {
		if !p.covered[i] {
			continue
		}
		pc.Covered++
		if v > threshold {
			pc.Flagged++
			if pc.First == "" {
				pc.First = p.when(i)
			}
			pc.Last = p.when(i)
		}
	}
	return pc
}

// when names point i by its time, or its row without a time column.
func (p *seriesPoints) when(i int) string {
	if p.series.Time != nil {
		return p.series.Time[i]
	}
	return "row " + strconv.Itoa(i)
}

// write writes points.csv, index,time,value...,score,anomaly, one row per
// point of the series: an uncovered point's score is empty.
func (p *seriesPoints) write(out *cli.Outputs, threshold float64) error {
	var b bytes.Buffer
	c := p.series.Channels
	b.WriteString("index,time,")
	if c == 1 {
		b.WriteString("value")
	} else {
		for ch := range c {
			fmt.Fprintf(&b, "%svalue%d", map[bool]string{true: "", false: ","}[ch == 0], ch)
		}
	}
	b.WriteString(",score,anomaly\n")
	for i := range p.scores {
		t := ""
		if p.series.Time != nil {
			t = p.series.Time[i]
			if strings.ContainsAny(t, ",\"\n\r") {
				t = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
			}
		}
		fmt.Fprintf(&b, "%d,%s", i, t)
		for ch := range c {
			fmt.Fprintf(&b, ",%s", strconv.FormatFloat(float64(p.series.X[i*c+ch]), 'g', -1, 32))
		}
		score := ""
		if p.covered[i] {
			score = strconv.FormatFloat(p.scores[i], 'g', -1, 64)
		}
		fmt.Fprintf(&b, ",%s,%t\n", score, p.covered[i] && p.scores[i] > threshold)
	}
	return safetensors.WriteFileAtomic(out.Path("points.csv"), b.Bytes(), 0o644)
}

// picture draws the series' first channel, its reconstruction and the
// flagged points shaded.
func (p *seriesPoints) picture(threshold float64) (image.Image, error) {
	c, n := p.series.Channels, len(p.scores)
	values, recon := make(plotter.XYs, n), make(plotter.XYs, 0, n)
	lo, hi := float64(p.series.X[0]), float64(p.series.X[0])
	for i := range n {
		v := float64(p.series.X[i*c])
		values[i] = plotter.XY{X: float64(i), Y: v}
		lo, hi = min(lo, v), max(hi, v)
		if p.covered[i] {
			recon = append(recon, plotter.XY{X: float64(i), Y: p.recon[i*c]})
		}
	}
	pl := plot.New()
	pc := p.counts(threshold)
	pl.Title.Text = fmt.Sprintf("%s: %d of %d points flagged (rule %s)", p.series.Source, pc.Flagged, n, p.rule)
	pl.X.Label.Text, pl.Y.Label.Text = "point (row of the series)", "value"
	if c > 1 {
		pl.Y.Label.Text = "channel 0"
	}
	for i := 0; i < n; {
		if !p.covered[i] || p.scores[i] <= threshold {
			i++
			continue
		}
		j := i
		for j < n && p.covered[j] && p.scores[j] > threshold {
			j++
		}
		box, err := plotter.NewPolygon(plotter.XYs{{X: float64(i) - 0.5, Y: lo}, {X: float64(j) - 0.5, Y: lo}, {X: float64(j) - 0.5, Y: hi}, {X: float64(i) - 0.5, Y: hi}})
		if err != nil {
			return nil, err
		}
		box.Color, box.LineStyle.Width = color.NRGBA{viz.Palette[3].R, viz.Palette[3].G, viz.Palette[3].B, 70}, 0
		pl.Add(box)
		i = j
	}
	for k, xy := range []plotter.XYs{values, recon} {
		if len(xy) == 0 {
			continue
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = viz.Palette[k], vg.Points(1)
		pl.Add(l)
		pl.Legend.Add([]string{"series", "reconstruction"}[k], l)
	}
	pl.Legend.Top = true
	cv := vgimg.New(10*vg.Inch, 4*vg.Inch)
	pl.Draw(draw.New(cv))
	return cv.Image(), nil
}

// writePoints writes points.csv and, with pictures, points.png for the
// points of a series; nothing for p nil.
func writePoints(out *cli.Outputs, p *seriesPoints, threshold float64, pictures bool) error {
	if p == nil {
		return nil
	}
	if err := p.write(out, threshold); err != nil {
		return fmt.Errorf("-out: %w", err)
	}
	if !pictures {
		return nil
	}
	img, err := p.picture(threshold)
	if err != nil {
		return fmt.Errorf("pictures: %w", err)
	}
	b, err := viz.EncodePNG(img)
	if err != nil {
		return fmt.Errorf("pictures: %w", err)
	}
	return safetensors.WriteFileAtomic(out.Path("points.png"), b, 0o644)
}
