package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/cmd/internal/cli"
	"github.com/go-autoencoders/ae/data"
	"github.com/go-autoencoders/ae/graph"
	"github.com/go-autoencoders/ae/graph/safetensors"
	"github.com/go-autoencoders/ae/nets"
	"github.com/go-autoencoders/ae/viz"
	"github.com/sirupsen/logrus"
)

// maxPlotted is the most codes codes-2d.png shows.
const maxPlotted = 10000

// encode reads the checkpoint and the data, checks them, then writes the
// codes, the labels and the picture.
func encode(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	log := cli.Logger(stderr)
	in, err := cli.OpenInputs(o.ckpt, o.data, log)
	if err != nil {
		return err
	}
	defer in.Close()
	if p := cli.Overwrites(in.Flags.Path, o.outputs()...); p != "" {
		return cli.Usagef("o", "%s would replace or go into the data, -data %s; choose another name", p, in.Flags.Path)
	}
	a := in.Net
	set, part := cli.Evaluated(in.Data)
	if err := cli.CheckShape(a, set); err != nil {
		return err
	}
	dir := filepath.Dir(o.out)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("-o: %s is not a folder", dir)
	}
	k := graph.Size(a.CodeShape())
	n := set.Len()
	if n == 0 {
		return fmt.Errorf("-data: %s: no samples to encode", set.Source)
	}
	log.WithFields(logrus.Fields{"data": set.Source, "part": part, "samples": n, "code": k, "out": o.out}).Info("encoding")
	out, err := cli.NewOutputs(dir)
	if err != nil {
		return fmt.Errorf("-o: %w", err)
	}
	defer out.Abort()
	plotted, err := writeCodes(ctx, a, set, out.Path(filepath.Base(o.out)), stderr)
	if err != nil {
		return err
	}
	if set.Labels != nil && strings.EqualFold(filepath.Ext(o.out), ".npy") {
		if err := cli.WriteLabelsNPY(out.Path("labels.npy"), set.Labels); err != nil {
			return fmt.Errorf("-o: %w", err)
		}
	}
	if !o.noPicture {
		if err := drawPlane(out.Path("codes-2d.png"), a, plotted, k, set.Labels); err != nil {
			return fmt.Errorf("picture: %w", err)
		}
	}
	files, err := out.Commit()
	if err != nil {
		return fmt.Errorf("-o: %w", err)
	}
	fmt.Fprintf(stdout, "%d codes of %d values: %s\n", n, k, strings.Join(files, ", "))
	return nil
}

// outputs returns the paths of the files encode may write.
func (o *options) outputs() []string {
	dir, outs := filepath.Dir(o.out), []string{o.out}
	if strings.EqualFold(filepath.Ext(o.out), ".npy") {
		outs = append(outs, filepath.Join(dir, "labels.npy"))
	}
	if !o.noPicture {
		outs = append(outs, filepath.Join(dir, "codes-2d.png"))
	}
	return outs
}

// writeCodes encodes the samples of set in batches into path, and returns
// the codes of the first maxPlotted samples, for the picture.
func writeCodes(ctx context.Context, a *nets.Autoencoder, set *data.Set, path string, stderr io.Writer) ([]float32, error) {
	k := graph.Size(a.CodeShape())
	w, err := newCodeWriter(path, set.Len(), k, set.Labels)
	if err != nil {
		return nil, fmt.Errorf("-o: %w", err)
	}
	var plotted []float32
	bar := cli.NewProgress(stderr, "encode", set.Len())
	err = cli.EachScaledBatch(ctx, set, a, func(start int, x []float32) error {
		codes, err := a.Encode(x)
		if err != nil {
			return err
		}
		if err := w.write(start, codes); err != nil {
			return fmt.Errorf("-o: %w", err)
		}
		if room := maxPlotted*k - len(plotted); room > 0 {
			plotted = append(plotted, codes[:min(room, len(codes))]...)
		}
		bar.Add(len(codes) / k)
		return nil
	})
	if err != nil {
		w.abort()
		return nil, err
	}
	bar.Finish()
	if err := w.close(); err != nil {
		return nil, fmt.Errorf("-o: %w", err)
	}
	return plotted, nil
}

// drawPlane draws the codes in the plane, coloured by label.
func drawPlane(path string, a *nets.Autoencoder, codes []float32, k int, labels []string) error {
	if labels != nil {
		labels = labels[:len(codes)/k]
	}
	img, err := viz.LatentPlane(codes, k, labels, fmt.Sprintf("%s codes (%d units)", a.Spec().Name, k))
	if err != nil {
		return err
	}
	b, err := viz.EncodePNG(img)
	if err != nil {
		return err
	}
	return safetensors.WriteFileAtomic(path, b, 0o644)
}

// codeWriter writes codes as .npy or .csv.
type codeWriter struct {
	npy    *cli.NPYWriter
	csv    *cli.AtomicFile
	k      int
	labels []string
	line   []byte
}

func newCodeWriter(path string, n, k int, labels []string) (*codeWriter, error) {
	w := &codeWriter{k: k, labels: labels}
	if strings.EqualFold(filepath.Ext(path), ".npy") {
		var err error
		w.npy, err = cli.CreateNPY(path, []int{n, k})
		return w, err
	}
	f, err := cli.CreateAtomic(path)
	if err != nil {
		return nil, err
	}
	w.csv = f
	var head []string
	for j := range k {
		head = append(head, "c"+strconv.Itoa(j))
	}
	if labels != nil {
		head = append(head, "label")
	}
	_, err = io.WriteString(f, strings.Join(head, ",")+"\n")
	return w, err
}

// write writes the codes of samples start, start+1, ...
func (w *codeWriter) write(start int, codes []float32) error {
	if w.npy != nil {
		return w.npy.WriteValues(codes)
	}
	for r := 0; r*w.k < len(codes); r++ {
		w.line = w.line[:0]
		for j, v := range codes[r*w.k : (r+1)*w.k] {
			if j > 0 {
				w.line = append(w.line, ',')
			}
			w.line = strconv.AppendFloat(w.line, float64(v), 'g', -1, 32)
		}
		if w.labels != nil {
			w.line = append(w.line, ',')
			w.line = append(w.line, csvField(w.labels[start+r])...)
		}
		w.line = append(w.line, '\n')
		if _, err := w.csv.Write(w.line); err != nil {
			return err
		}
	}
	return nil
}

func (w *codeWriter) close() error {
	if w.npy != nil {
		return w.npy.Close()
	}
	return w.csv.Close()
}

func (w *codeWriter) abort() {
	if w.npy != nil {
		w.npy.Abort()
	} else {
		w.csv.Abort()
	}
}

// csvField quotes a label that needs it.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
