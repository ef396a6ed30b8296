package train

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/go-autoencoders/ae/graph/safetensors"
)

// CSVLogger keeps a CSV file equal to the trainer's history: at the end of
// every epoch it rewrites the whole file from Trainer.History, atomically,
// so that the file always holds whole rows, a resumed run's file holds the
// epochs of the checkpoint it resumed from, and a run that fails before its
// first epoch ends leaves an earlier file untouched. See History.WriteCSV
// for the format.
//
// A run that checkpoints should set ModelCheckpoint.HistoryCSV instead,
// which writes the file right after each checkpoint, so that the file
// never holds an epoch the checkpoint lacks. A CSVLogger listed after the
// ModelCheckpoint in Config.Callbacks does the same.
type CSVLogger struct {
	BaseCallback
	Path string
}

func (c *CSVLogger) String() string { return "CSVLogger" }

// CSVHeader is the first line of the file.
const CSVHeader = "epoch,loss,val_loss,seconds"

func (c *CSVLogger) OnEpochEnd(t *Trainer, _ int, _ EpochLogs) error {
	return writeHistoryCSV(c.Path, t.History())
}

// WriteCSV writes the history as CSV: CSVHeader, then one row per epoch
// with its number, loss, val_loss (empty without validation) and seconds.
func (h *History) WriteCSV(w io.Writer) error {
	var names []string // the loss's terms, from the first epoch
	if len(h.Epochs) > 0 {
		for _, t := range h.Epochs[0].Terms {
			names = append(names, t.Name)
		}
	}
	var b bytes.Buffer
	if len(names) == 0 {
		b.WriteString(CSVHeader + "\n")
	} else {
		val := make([]string, len(names))
		for i, n := range names {
			val[i] = "val_" + n
		}
		fmt.Fprintf(&b, "epoch,loss,%s,val_loss,%s,seconds\n", strings.Join(names, ","), strings.Join(val, ","))
	}
	for _, l := range h.Epochs {
		fmt.Fprintf(&b, "%d,%s", l.Epoch, csvFloat(l.Loss))
		for i := range names {
			fmt.Fprintf(&b, ",%s", csvFloat(termAt(l.Terms, i).Value))
		}
		fmt.Fprintf(&b, ",%s", csvFloat(l.ValLoss))
		for i := range names {
			fmt.Fprintf(&b, ",%s", csvFloat(termAt(l.Terms, i).Val))
		}
		fmt.Fprintf(&b, ",%.3f\n", l.Seconds)
	}
	_, err := w.Write(b.Bytes())
	return err
}

// csvFloat writes v with 8 significant digits, NaN as an empty field.
func csvFloat(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', 8, 64)
}

func termAt(ts []Term, i int) Term {
	if i < len(ts) {
		return ts[i]
	}
	return Term{Value: math.NaN(), Val: math.NaN()}
}

// writeHistoryCSV replaces the file at path with h as CSV, atomically.
func writeHistoryCSV(path string, h *History) error {
	var b bytes.Buffer
	h.WriteCSV(&b)
	if err := safetensors.WriteFileAtomic(path, b.Bytes(), 0o644); err != nil {
		return fmt.Errorf("train: history: %w", err)
	}
	return nil
}
