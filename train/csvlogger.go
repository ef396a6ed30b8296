package train

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"strconv"
)

// CSVLogger appends one row per completed epoch, "epoch,loss,val_loss,seconds",
// to a file, writing the header when the file is new or empty. val_loss is
// empty without validation. A resumed run appends to the same file.
type CSVLogger struct {
	BaseCallback
	Path string
}

func (c *CSVLogger) String() string { return "CSVLogger" }

// CSVHeader is the first line of the file.
const CSVHeader = "epoch,loss,val_loss,seconds"

func (c *CSVLogger) OnTrainBegin(*Trainer) error {
	st, err := os.Stat(c.Path)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && st.Size() == 0) {
		return c.appendLine(CSVHeader)
	}
	return err
}

func (c *CSVLogger) OnEpochEnd(_ *Trainer, _ int, l EpochLogs) error {
	val := ""
	if !math.IsNaN(l.ValLoss) {
		val = strconv.FormatFloat(l.ValLoss, 'g', 8, 64)
	}
	return c.appendLine(fmt.Sprintf("%d,%s,%s,%.3f", l.Epoch, strconv.FormatFloat(l.Loss, 'g', 8, 64), val, l.Seconds))
}

func (c *CSVLogger) appendLine(s string) error {
	f, err := os.OpenFile(c.Path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString(s)
	w.WriteByte('\n')
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", c.Path, err)
	}
	return f.Close()
}
