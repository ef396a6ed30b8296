package main

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"math"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/metrics"
	"github.com/go-autoencoders/ae/viz"
	"github.com/sirupsen/logrus"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The pictures' colours are viz.Palette's (matplotlib's tab10): the
// histograms' translucent, the threshold's red opaque.
var (
	blue   = translucent(viz.Palette[0], 150)
	orange = translucent(viz.Palette[1], 150)
	red    = viz.Palette[3]
)

// translucent returns c with alpha a, as an NRGBA colour.
func translucent(c color.RGBA, a uint8) color.NRGBA {
	return color.NRGBA{c.R, c.G, c.B, a}
}

// drawPictures writes histogram.png, roc.png (with -normal) and worst.png
// into out.
func drawPictures(out *cli.Outputs, a *nets.Autoencoder, res *scored, labels []string, sum *cli.Summary, normal []string, log logrus.FieldLogger) error {
	var pos []bool
	if normal != nil && labels != nil {
		pos = positives(labels, normal)
	}
	save := func(name string, img image.Image) error {
		b, err := viz.EncodePNG(img)
		if err != nil {
			return err
		}
		return safetensors.WriteFileAtomic(out.Path(name), b, 0o644)
	}
	img, err := histogram(res.scores, pos, sum)
	if err != nil {
		return err
	}
	if err := save("histogram.png", img); err != nil {
		return err
	}
	if sum.ROCAUC != nil {
		if img, err = rocPicture(res.scores, pos, *sum.ROCAUC); err != nil {
			return err
		}
		if err := save("roc.png", img); err != nil {
			return err
		}
	}
	img, err = worstPicture(a, res.worst, sum.Loss)
	if errors.Is(err, errNoImage) {
		log.Info("worst.png: the samples are no images and have too many features for a bar chart; skipped")
		return nil
	}
	if err != nil {
		return err
	}
	return save("worst.png", img)
}

// histogram draws the scores of normal and anomalous samples (by label;
// all samples when there are none), each as the fraction of its class per
// bin, and the threshold.
func histogram(scores []float64, pos []bool, sum *cli.Summary) (image.Image, error) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range scores {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	lo, hi = math.Min(lo, sum.Threshold), math.Max(hi, sum.Threshold)
	if hi <= lo {
		hi = lo + 1
	}
	const nbins = 60
	width := (hi - lo) / nbins
	type series struct {
		name string
		keep func(i int) bool
		c    color.Color
	}
	all := []series{{"all samples", func(int) bool { return true }, blue}}
	if pos != nil {
		all = []series{
			{"normal (" + joinLabels(sum.Normal) + ")", func(i int) bool { return !pos[i] }, blue},
			{"anomalous (other labels)", func(i int) bool { return pos[i] }, orange},
		}
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s scores, threshold %s = %.4g", sum.Loss, sum.ThresholdRule, sum.Threshold)
	p.X.Label.Text = "score (reconstruction error per value)"
	p.Y.Label.Text = "fraction of the class"
	p.Legend.Top = true
	ymax := 0.0
	for _, s := range all {
		bins := make([]plotter.HistogramBin, nbins)
		for b := range bins {
			bins[b].Min, bins[b].Max = lo+float64(b)*width, lo+float64(b+1)*width
		}
		n := 0
		for i, v := range scores {
			if s.keep(i) {
				b := min(nbins-1, int((v-lo)/width))
				bins[b].Weight++
				n++
			}
		}
		for b := range bins {
			bins[b].Weight /= float64(max(1, n))
			ymax = math.Max(ymax, bins[b].Weight)
		}
		h := &plotter.Histogram{Bins: bins, Width: width, FillColor: s.c, LineStyle: draw.LineStyle{Color: s.c, Width: vg.Points(0.5)}}
		p.Add(h)
		p.Legend.Add(fmt.Sprintf("%s: %d", s.name, n), h)
	}
	line, err := plotter.NewLine(plotter.XYs{{X: sum.Threshold, Y: 0}, {X: sum.Threshold, Y: ymax}})
	if err != nil {
		return nil, err
	}
	line.Color, line.Width, line.Dashes = red, vg.Points(1.5), []vg.Length{vg.Points(5), vg.Points(3)}
	p.Add(line)
	p.Legend.Add("threshold", line)
	c := vgimg.New(7*vg.Inch, 4.5*vg.Inch)
	p.Draw(draw.New(c))
	return c.Image(), nil
}

func joinLabels(l []string) string {
	s := ""
	for i, x := range l {
		if i > 0 {
			s += ","
		}
		s += x
	}
	return s
}

// rocPicture draws the ROC curve and the diagonal.
func rocPicture(scores []float64, pos []bool, auc float64) (image.Image, error) {
	fpr, tpr, err := metrics.ROCCurve(scores, pos)
	if err != nil {
		return nil, err
	}
	pts := make(plotter.XYs, len(fpr))
	for i := range fpr {
		pts[i] = plotter.XY{X: fpr[i], Y: tpr[i]}
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("ROC, AUC = %.4f", auc)
	p.X.Label.Text, p.Y.Label.Text = "false positive rate", "true positive rate"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.Add(plotter.NewGrid())
	l, err := plotter.NewLine(pts)
	if err != nil {
		return nil, err
	}
	l.Color, l.Width = viz.Palette[0], vg.Points(1.5)
	d, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, err
	}
	d.Color, d.Dashes = color.Gray{160}, []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(d, l)
	c := vgimg.New(5*vg.Inch, 5*vg.Inch)
	p.Draw(draw.New(c))
	return c.Image(), nil
}

// maxBarFeatures is the most features a bar chart of tabular errors shows.
const maxBarFeatures = 64

// worstPicture draws the worst samples above their reconstructions, for
// images (the mean of the channels); for tabular data, the per-feature
// errors of up to 5 worst rows as grouped bars.
func worstPicture(a *nets.Autoencoder, worst []sample, loss string) (image.Image, error) {
	if len(worst) == 0 {
		return nil, errors.New("no samples")
	}
	img, err := imageOf(a)
	if err == nil {
		c, h, w := img[0], img[1], img[2]
		var orig, recon []float32
		for _, s := range worst {
			orig = append(orig, grey(s.input, c, h*w)...)
			recon = append(recon, grey(s.recon, c, h*w)...)
		}
		return viz.Reconstructions(orig, recon, len(worst), h, w)
	}
	size := len(worst[0].input)
	if size > maxBarFeatures {
		return nil, errNoImage
	}
	p := plot.New()
	p.Title.Text = "per-feature " + loss + " score of the worst rows"
	p.X.Label.Text, p.Y.Label.Text = "feature", "error"
	p.Legend.Top = true
	rows := worst[:min(5, len(worst))]
	bw := vg.Points(math.Max(1, 300/float64(size*len(rows))))
	for k, s := range rows {
		errs, err := nets.FeatureScores(s.input, s.recon, loss)
		if err != nil {
			return nil, err
		}
		bars, err := plotter.NewBarChart(plotter.Values(errs), bw)
		if err != nil {
			return nil, err
		}
		bars.Offset = vg.Length(k-len(rows)/2) * bw
		bars.Color = tabColor(k)
		bars.LineStyle.Width = 0
		p.Add(bars)
		p.Legend.Add(fmt.Sprintf("%s (score %.4g)", s.row, s.score), bars)
	}
	c := vgimg.New(8*vg.Inch, 4*vg.Inch)
	p.Draw(draw.New(c))
	return c.Image(), nil
}

// tabColor is the k-th colour of viz.Palette, cycling.
func tabColor(k int) color.Color { return viz.Palette[k%len(viz.Palette)] }

// grey returns the mean over c channels of planes of n values.
func grey(x []float32, c, n int) []float32 {
	if c == 1 {
		return x
	}
	out := make([]float32, n)
	for ch := range c {
		for i := range n {
			out[i] += x[ch*n+i] / float32(c)
		}
	}
	return out
}
