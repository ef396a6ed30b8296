package train

import (
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"
)

// ProgressBar draws Keras's progress bar on W, one line per epoch,
// redrawn in place:
//
//	Epoch 1/15
//	235/235 [==============================] 3s 12ms/step - loss: 0.1234 - val_loss: 0.1200
type ProgressBar struct {
	BaseCallback
	// W receives the bar; nil means the os.Stdout of the moment each line
	// is written (a notebook cell's, say).
	W io.Writer
	// Width is the bar's width in characters; 0 means 30.
	Width       int
	start, last time.Time
	steps       int
	tty         bool
}

func (p *ProgressBar) String() string { return "ProgressBar" }

func (p *ProgressBar) out() io.Writer {
	if p.W == nil {
		return os.Stdout
	}
	return p.W
}

func (p *ProgressBar) OnEpochBegin(t *Trainer, epoch, steps int) error {
	p.start, p.last, p.steps = time.Now(), time.Time{}, steps
	p.tty = isTerminal(p.out())
	_, err := fmt.Fprintf(p.out(), "Epoch %d/%d\n", epoch, t.Config().Epochs)
	return err
}

// OnBatchEnd redraws the bar; on a writer that is not a terminal only the
// epoch's final line is written, as Keras does.
func (p *ProgressBar) OnBatchEnd(_ *Trainer, _ int, l BatchLogs) error {
	if !p.tty {
		return nil
	}
	if now := time.Now(); now.Sub(p.last) >= 100*time.Millisecond || l.Batch == l.Steps {
		p.last = now
		_, err := fmt.Fprintf(p.out(), "\r%s", p.line(l.Batch, l.MeanLoss, math.NaN(), l.Terms))
		return err
	}
	return nil
}

func (p *ProgressBar) OnEpochEnd(_ *Trainer, _ int, l EpochLogs) error {
	_, err := fmt.Fprintf(p.out(), "\r%s\n", p.line(p.steps, l.Loss, l.ValLoss, l.Terms))
	return err
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func (p *ProgressBar) line(done int, loss, val float64, terms []Term) string {
	width := p.Width
	if width <= 0 {
		width = 30
	}
	fill := width * done / max(p.steps, 1)
	bar := strings.Repeat("=", fill)
	if fill < width {
		bar += ">" + strings.Repeat(".", width-fill-1)
	}
	el := time.Since(p.start)
	perStep := el / time.Duration(max(done, 1))
	var b strings.Builder
	digits := len(fmt.Sprint(p.steps))
	fmt.Fprintf(&b, "%*d/%d [%s] ", digits, done, p.steps, bar)
	if done < p.steps {
		fmt.Fprintf(&b, "ETA: %s", fmtDuration(perStep*time.Duration(p.steps-done)))
	} else {
		fmt.Fprintf(&b, "%s %s/step", fmtDuration(el), fmtStep(perStep))
	}
	fmt.Fprintf(&b, " - loss: %.4f", loss)
	for _, t := range terms {
		fmt.Fprintf(&b, " - %s: %.4f", t.Name, t.Value)
	}
	if !math.IsNaN(val) {
		fmt.Fprintf(&b, " - val_loss: %.4f", val)
		for _, t := range terms {
			fmt.Fprintf(&b, " - val_%s: %.4f", t.Name, t.Val)
		}
	}
	return b.String() + "   "
}

func fmtDuration(d time.Duration) string {
	s := int(d.Round(time.Second) / time.Second)
	if s < 60 {
		return fmt.Sprintf("%ds", s)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

func fmtStep(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%ds", int(d.Round(time.Second)/time.Second))
	case d >= time.Millisecond:
		return fmt.Sprintf("%dms", int(d.Round(time.Millisecond)/time.Millisecond))
	}
	return fmt.Sprintf("%dus", int(d.Round(time.Microsecond)/time.Microsecond))
}

// EpochLogger logs one line per epoch through the trainer's logger: the
// quiet alternative to ProgressBar.
type EpochLogger struct{ BaseCallback }

func (EpochLogger) String() string { return "EpochLogger" }

func (EpochLogger) OnEpochEnd(t *Trainer, epoch int, l EpochLogs) error {
	f := t.cfg.Log.WithField("epoch", fmt.Sprintf("%d/%d", epoch, t.cfg.Epochs)).WithField("loss", fmt.Sprintf("%.4f", l.Loss))
	for _, t := range l.Terms {
		f = f.WithField(t.Name, fmt.Sprintf("%.4f", t.Value))
	}
	if !math.IsNaN(l.ValLoss) {
		f = f.WithField("val_loss", fmt.Sprintf("%.4f", l.ValLoss))
		for _, t := range l.Terms {
			f = f.WithField("val_"+t.Name, fmt.Sprintf("%.4f", t.Val))
		}
	}
	f.WithField("seconds", fmt.Sprintf("%.2f", l.Seconds)).WithField("train_seconds", fmt.Sprintf("%.2f", l.Seconds-l.ValSeconds)).Info("epoch done")
	return nil
}
