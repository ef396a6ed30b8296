package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
)

// TestMain runs the command itself when the test binary is started as a
// child by TestSIGTERM.
func TestMain(m *testing.M) {
	if args := os.Getenv("SERVE_TEST_ARGS"); args != "" {
		os.Args = append([]string{"serve"}, strings.Split(args, "\n")...)
		main()
	}
	os.Exit(m.Run())
}

func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func instance() string {
	return `{"instances":[[` + strings.TrimSuffix(strings.Repeat("0,", 784), ",") + `]]}`
}

// TestServe serves until the context ends and exits 0; -summary's
// threshold shows in :score answers.
func TestServe(t *testing.T) {
	ckpt := clitest.Checkpoint(t, "dense", nil)
	summary := filepath.Join(t.TempDir(), "summary.json")
	os.WriteFile(summary, []byte(`{"threshold_rule":"p99","threshold":0.125}`), 0o644)
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan string, 1)
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-models", "2", "-summary", summary, ckpt}, &stderr, func(a string) { addrs <- a })
	}()
	var addr string
	select {
	case addr = <-addrs:
	case code := <-done:
		t.Fatalf("exit %d before listening: %s", code, stderr.String())
	}
	code, body := post(t, "http://"+addr+"/v1/models/ae:score", instance())
	var sr struct {
		Predictions []float64
		Threshold   float64
		Anomalies   []bool
	}
	if err := json.Unmarshal([]byte(body), &sr); code != 200 || err != nil || sr.Threshold != 0.125 || len(sr.Anomalies) != 1 {
		t.Errorf("score: %d %s", code, body)
	}
	if code, body = post(t, "http://"+addr+"/v1/models/ae:encode", "{"); code != 400 || !strings.Contains(body, `"error"`) {
		t.Errorf("bad body: %d %s", code, body)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d after the context ended: %s", code, stderr.String())
	}
}

// TestSIGTERM starts the command as a process, sends it SIGTERM with a
// request in flight, and checks that the request is answered and the
// process exits 0.
func TestSIGTERM(t *testing.T) {
	ckpt := clitest.Checkpoint(t, "dense", nil)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SERVE_TEST_ARGS="+strings.Join([]string{"-addr", "127.0.0.1:0", ckpt}, "\n"))
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	sc := bufio.NewScanner(stderr)
	re := regexp.MustCompile(`serving on http://([0-9.:]+)/`)
	var addr string
	var log []string
	for sc.Scan() {
		log = append(log, sc.Text())
		if m := re.FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	if addr == "" {
		t.Fatalf("no address in %q", log)
	}
	go io.Copy(io.Discard, stderr)
	big := `{"instances":[` + strings.TrimSuffix(strings.Repeat(instance()[14:len(instance())-2]+",", 1000), ",") + `]}`
	answered := make(chan int, 1)
	go func() {
		resp, err := http.Post("http://"+addr+"/v1/models/ae:reconstruct", "application/json", strings.NewReader(big))
		if err != nil {
			answered <- -1
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	time.Sleep(50 * time.Millisecond) // let the request start (no timing assertion)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Errorf("after SIGTERM: %v", err)
	}
	if code := <-answered; code != 200 && code != -1 {
		t.Errorf("the request in flight got %d", code)
	}
}

func TestBadInput(t *testing.T) {
	ckpt := clitest.Checkpoint(t, "dense", nil)
	dir := t.TempDir()
	badSummary := filepath.Join(dir, "s.json")
	os.WriteFile(badSummary, []byte(`{"x":1}`), 0o644)
	emptyToken, twoLines := filepath.Join(dir, "empty"), filepath.Join(dir, "two")
	os.WriteFile(emptyToken, []byte("\n"), 0o600)
	os.WriteFile(twoLines, []byte("abc\ndef\n"), 0o600)
	for _, c := range []struct {
		name  string
		args  []string
		code  int
		want  string
		usage bool
	}{
		{"no checkpoint", nil, 2, "want one checkpoint file", true},
		{"unknown flag", []string{"-port", "1", ckpt}, 2, "-port", true},
		{"bad addr", []string{"-addr", "localhost", ckpt}, 2, "-addr:", true},
		{"negative models", []string{"-models", "-1", ckpt}, 2, "-models:", true},
		{"zero body", []string{"-max-body", "0", ckpt}, 2, "-max-body:", true},
		{"zero instances", []string{"-max-instances", "0", ckpt}, 2, "-max-instances:", true},
		{"bad name", []string{"-name", "a/b", ckpt}, 2, "-name:", true},
		{"bad drain", []string{"-drain", "0s", ckpt}, 2, "-drain:", true},
		{"missing checkpoint", []string{"-addr", "127.0.0.1:0", filepath.Join(dir, "none.safetensors")}, 1, "none.safetensors", false},
		{"missing summary", []string{"-addr", "127.0.0.1:0", "-summary", filepath.Join(dir, "none.json"), ckpt}, 1, "-summary:", false},
		{"bad summary", []string{"-addr", "127.0.0.1:0", "-summary", badSummary, ckpt}, 1, "s.json", false},
		{"unresolvable host", []string{"-addr", "256.0.0.1:0", ckpt}, 1, "-addr:", false},
		{"cert without key", []string{"-tls-cert", badSummary, ckpt}, 2, "-tls-key:", true},
		{"key without cert", []string{"-tls-key", badSummary, ckpt}, 2, "-tls-cert:", true},
		{"bad certificate", []string{"-addr", "127.0.0.1:0", "-tls-cert", badSummary, "-tls-key", badSummary, ckpt}, 1, "-tls-cert:", false},
		{"inflight below body", []string{"-max-body", "2000", "-max-inflight-bytes", "1000", ckpt}, 2, "-max-inflight-bytes:", true},
		{"missing token file", []string{"-addr", "127.0.0.1:0", "-token-file", filepath.Join(dir, "none"), ckpt}, 1, "-token-file:", false},
		{"empty token file", []string{"-addr", "127.0.0.1:0", "-token-file", emptyToken, ckpt}, 1, "-token-file:", false},
		{"token of two lines", []string{"-addr", "127.0.0.1:0", "-token-file", twoLines, ckpt}, 1, "-token-file:", false},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run(context.Background(), c.args, &stderr, nil)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			clitest.CheckFailure(t, stderr.String(), c.want, c.usage)
		})
	}
}
