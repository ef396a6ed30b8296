package main

import (
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/train"
	"github.com/go-autoencoders/ae/viz"
)

// pictureCount is how many test digits the pictures show, as the seeds do.
const pictureCount = 10

// writePictures draws the seeds' pictures of a trained net into dir from the
// first test images and the history, and returns the files written.
func writePictures(ae *nets.Autoencoder, hist *train.History, test []float32, dir string) ([]string, error) {
	img := ae.ImageShape()
	if img == nil || img[0] != 1 {
		return nil, nil // pictures of tabular and colour data: to come
	}
	n := min(pictureCount, len(test)/graph.Size(ae.SampleShape()))
	pics, err := viz.SeedPictures(ae, ae.Spec().Name, test, n, img[1], img[2], hist.Loss(), hist.ValLoss())
	if err != nil {
		return nil, err
	}
	return viz.SavePictures(dir, pics)
}
