package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Progress is a one-line progress bar: redrawn in place on a terminal at
// most every 100 ms, a single line at the end elsewhere.
type Progress struct {
	W     io.Writer
	Label string
	Total int
	done  int
	start time.Time
	last  time.Time
	tty   bool
}

// NewProgress starts a bar of total steps on w.
func NewProgress(w io.Writer, label string, total int) *Progress {
	return &Progress{W: w, Label: label, Total: total, start: time.Now(), tty: isTerminal(w)}
}

// Add counts n more steps done.
func (p *Progress) Add(n int) {
	p.done += n
	if p.tty && time.Since(p.last) >= 100*time.Millisecond {
		p.last = time.Now()
		fmt.Fprintf(p.W, "\r%s", p.line())
	}
}

// Finish draws the last state and ends the line.
func (p *Progress) Finish() {
	if p.tty {
		fmt.Fprint(p.W, "\r")
	}
	fmt.Fprintf(p.W, "%s %.1fs\n", p.line(), time.Since(p.start).Seconds())
}

func (p *Progress) line() string {
	const width = 30
	fill := width
	if p.Total > 0 {
		fill = min(width, p.done*width/p.Total)
	}
	bar := strings.Repeat("=", fill)
	if fill < width {
		bar += ">" + strings.Repeat(".", width-fill-1)
	}
	return fmt.Sprintf("%s %d/%d [%s]", p.Label, p.done, p.Total, bar)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
