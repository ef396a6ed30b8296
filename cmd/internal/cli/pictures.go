package cli

import (
	"math"
	"math/rand/v2"
	"os"

	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/nets/noise"
	"github.com/go-autoencoders/ae/train"
	"github.com/go-autoencoders/ae/viz"
)

// PictureCount is how many test digits the pictures show, as the seeds do.
const PictureCount = 10

// pictureNoiseSeed seeds the noise of denoised.png, so that a picture is
// the same for the same weights.
const pictureNoiseSeed = 1

// Pictures draws the pictures of a trained net into dir from the test
// samples, their labels (nil when there are none) and the history, and
// returns the files written (see viz.ModelPictures for which).
func Pictures(ae *nets.Autoencoder, hist *train.History, test []float32, labels []string, dir string) ([]string, error) {
	pics, err := ModelPictures(ae, hist, test, labels)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return viz.SavePictures(dir, pics)
}

// ModelPictures draws the pictures Pictures saves.
func ModelPictures(ae *nets.Autoencoder, hist *train.History, test []float32, labels []string) ([]viz.Picture, error) {
	spec := ae.Spec()
	in := viz.Input{
		Title: spec.Name, X: test, Image: ae.ImageShape(), Dim: graph.Size(ae.SampleShape()), N: PictureCount,
		Loss: hist.Loss(), ValLoss: hist.ValLoss(), Terms: TermSeries(hist),
		Variational: spec.VAE, Selected: ae.Selected(),
	}
	if labels != nil {
		in.Labels = labels[:min(len(labels), len(test)/in.Dim)]
	}
	inputNoise, err := noise.Parse(spec.Noise)
	if err != nil {
		return nil, err
	}
	if inputNoise != nil {
		in.Corrupt = func(x []float32) { inputNoise.Corrupt(rand.New(rand.NewPCG(pictureNoiseSeed, 0)), x) }
	}
	return viz.ModelPictures(ae, in)
}

// TermSeries returns the history's loss terms, one series per name in the
// order they first appear; NaN for an epoch that lacks one.
func TermSeries(h *train.History) []viz.Series {
	var out []viz.Series
	index := map[string]int{}
	for e, l := range h.Epochs {
		for _, t := range l.Terms {
			i, ok := index[t.Name]
			if !ok {
				i = len(out)
				index[t.Name] = i
				s := viz.Series{Name: t.Name, Train: make([]float64, len(h.Epochs)), Val: make([]float64, len(h.Epochs))}
				for k := range s.Train {
					s.Train[k], s.Val[k] = math.NaN(), math.NaN()
				}
				out = append(out, s)
			}
			out[i].Train[e], out[i].Val[e] = t.Value, t.Val
		}
	}
	return out
}
