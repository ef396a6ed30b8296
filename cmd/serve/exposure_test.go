package main

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-autoencoders/ae/cmd/internal/clitest"
)

// lockedBuffer is a buffer that the server's log and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs the command with args until the test ends, and returns the
// address it listens on and its log.
func start(t *testing.T, args ...string) (string, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrs := make(chan string, 1)
	done := make(chan int, 1)
	stderr := &lockedBuffer{}
	go func() { done <- run(ctx, args, stderr, func(a string) { addrs <- a }) }()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("exit %d: %s", code, stderr)
		}
	})
	select {
	case addr := <-addrs:
		return addr, stderr
	case code := <-done:
		done <- code
		t.Fatalf("exit %d before listening: %s", code, stderr)
	}
	return "", nil
}

func get(t *testing.T, client *http.Client, url, token string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// TestExposure: every address other machines reach is told, not only
// every interface's: an address that is not loopback, and a name that
// resolves to one (resolved here by a stand-in, which sends nothing).
func TestExposure(t *testing.T) {
	lookup := func(host string) ([]net.IP, error) {
		switch host {
		case "localhost":
			return []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")}, nil
		case "box.example":
			return []net.IP{net.ParseIP("127.0.1.1"), net.ParseIP("10.9.8.7")}, nil
		}
		return nil, errors.New("no such host")
	}
	for addr, want := range map[string]string{
		":8080": "every interface", "0.0.0.0:8080": "every interface", "[::]:8080": "every interface", "[0:0::0]:1": "every interface",
		"127.0.0.1:8080": "", "localhost:8080": "", "[::1]:8080": "", "127.3.4.5:1": "",
		"192.168.1.5:8080": "192.168.1.5, an address other machines reach", "10.1.2.3:8080": "10.1.2.3, an address other machines reach",
		"[2001:db8::1]:80":   "2001:db8::1, an address other machines reach",
		"box.example:80":     "box.example (10.9.8.7), an address other machines reach",
		"nowhere.example:80": "nowhere.example, a name that may resolve to an address other machines reach",
	} {
		if got := exposure(addr, lookup); got != want {
			t.Errorf("exposure(%q) = %q, want %q", addr, got, want)
		}
	}
	o, err := parseFlags([]string{"x.safetensors"}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if host, _, _ := net.SplitHostPort(o.addr); !net.ParseIP(host).IsLoopback() {
		t.Errorf("the default address %s is not the loopback interface's", o.addr)
	}
}

// TestAllInterfacesWarn: -addr :PORT logs a warning; a loopback address
// does not.
func TestAllInterfacesWarn(t *testing.T) {
	ckpt := clitest.Checkpoint(t, "dense", nil)
	_, log := start(t, "-addr", ":0", ckpt)
	if s := log.String(); !strings.Contains(s, "level=warning") || !strings.Contains(s, "every interface") {
		t.Errorf("no warning for -addr :0 in %q", s)
	}
	_, log = start(t, "-addr", "127.0.0.1:0", ckpt)
	if s := log.String(); strings.Contains(s, "warning") {
		t.Errorf("a warning for 127.0.0.1: %q", s)
	}
}

// selfSigned writes a self-signed certificate for 127.0.0.1 and its key,
// and returns their paths and a pool that trusts the certificate.
func selfSigned(t *testing.T) (cert, key string, pool *x509.CertPool) {
	t.Helper()
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "serve test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		t.Fatal(err)
	}
	kder, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cert, key = filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(cert, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644)
	os.WriteFile(key, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: kder}), 0o600)
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	pool = x509.NewCertPool()
	pool.AddCert(c)
	return cert, key, pool
}

// TestTLS serves HTTPS with -tls-cert and -tls-key, and a bearer token
// from -token-file: the client that trusts the certificate gets answers,
// and wants the token but for /healthz.
func TestTLS(t *testing.T) {
	cert, key, pool := selfSigned(t)
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte("tok-3f9a\n"), 0o600)
	addr, log := start(t, "-addr", "127.0.0.1:0", "-tls-cert", cert, "-tls-key", key, "-token-file", tokenFile, clitest.Checkpoint(t, "dense", nil))
	if !strings.Contains(log.String(), "https://") {
		t.Errorf("the log does not say https: %q", log)
	}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	base := "https://" + addr
	if resp, b := get(t, client, base+"/healthz", ""); resp.StatusCode != 200 || resp.TLS == nil {
		t.Errorf("healthz over TLS: %d %s", resp.StatusCode, b)
	}
	resp, b := get(t, client, base+"/v1/models/ae", "")
	if resp.StatusCode != 401 || !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") || !strings.Contains(b, `"error"`) {
		t.Errorf("no token: %d %q %s", resp.StatusCode, resp.Header.Get("WWW-Authenticate"), b)
	}
	if resp, b := get(t, client, base+"/v1/models/ae", "tok-3f9a\n"[:8]); resp.StatusCode != 200 {
		t.Errorf("the file's token: %d %s", resp.StatusCode, b)
	}
	if resp, _ := get(t, http.DefaultClient, "http://"+addr+"/healthz", ""); resp.StatusCode != 400 {
		t.Errorf("plain HTTP to the HTTPS server: %d", resp.StatusCode)
	}
}

// TestExposeStats: the checkpoint's path shows only with -expose-stats;
// -max-inflight-bytes reaches the handler.
func TestExposeStats(t *testing.T) {
	ckpt := clitest.Checkpoint(t, "dense", nil)
	for _, expose := range []bool{false, true} {
		args := []string{"-addr", "127.0.0.1:0", "-max-body", "1000000", "-max-inflight-bytes", "3000000", ckpt}
		if expose {
			args = append([]string{"-expose-stats"}, args...)
		}
		addr, _ := start(t, args...)
		_, b := get(t, http.DefaultClient, "http://"+addr+"/v1/models/ae", "")
		var info struct {
			Checkpoint       string `json:"checkpoint"`
			MaxInflightBytes int64  `json:"max_inflight_bytes"`
		}
		if err := json.Unmarshal([]byte(b), &info); err != nil || (info.Checkpoint == ckpt) != expose || strings.Contains(b, ckpt) != expose || info.MaxInflightBytes != 3000000 {
			t.Errorf("-expose-stats=%v: %v %.300s", expose, err, b)
		}
	}
}
