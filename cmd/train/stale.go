package main

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-autoencoders/ae/train"
	"github.com/go-autoencoders/ae/viz"
	"github.com/sirupsen/logrus"
)

// stalePictures removes from -out, once the first epoch of a -no-pictures
// run has written its checkpoint, the pictures this command drew there
// for an earlier epoch: they no longer show the folder's checkpoint.
type stalePictures struct {
	train.BaseCallback
	o    *options
	log  logrus.FieldLogger
	done bool
}

func (c *stalePictures) OnEpochEnd(*train.Trainer, int, train.EpochLogs) error {
	if c.done {
		return nil
	}
	c.done = true
	var removed, kept []string
	for _, name := range viz.ModelPictureNames {
		path := filepath.Join(c.o.out, name)
		switch err := os.Remove(path); {
		case err == nil:
			removed = append(removed, name)
		case !errors.Is(err, fs.ErrNotExist):
			kept = append(kept, path)
		}
	}
	if len(removed) > 0 {
		c.log.WithField("out", c.o.out).Infof("removed the pictures of an earlier epoch, stale with -no-pictures: %s", strings.Join(removed, ", "))
	}
	if len(kept) > 0 {
		c.log.Warnf("-no-pictures: could not remove the stale pictures %s", strings.Join(kept, ", "))
	}
	return nil
}
