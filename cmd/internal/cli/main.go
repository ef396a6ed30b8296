package cli

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/sirupsen/logrus"
)

// Main runs a command's run function on the program's arguments and
// exits with the code it returns. Ctrl-C or SIGTERM cancels run's
// context; a second one kills the program, as it would without Main.
func Main(run func(ctx context.Context, args []string, stdout, stderr io.Writer) int) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// Logger returns the commands' logger: one text line a message, without
// timestamps, on w.
func Logger(w io.Writer) *logrus.Logger {
	log := logrus.New()
	log.SetOutput(w)
	log.SetFormatter(&logrus.TextFormatter{DisableTimestamp: true})
	return log
}
