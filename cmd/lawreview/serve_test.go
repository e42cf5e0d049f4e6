package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// `lawreview serve --demo` on an empty data directory: prints the admin's
// one-time password and the demo logins, serves, and stops cleanly.
func TestServeDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the law index")
	}
	data := t.TempDir()
	var out syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, serveOptions{data: data, addr: "127.0.0.1:0", demo: true, maxUpload: 20 << 20}, slog.New(slog.NewTextHandler(io.Discard, nil)), &out)
	}()
	addrRe := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)
	var addr string
	for start := time.Now(); time.Since(start) < 60*time.Second && addr == ""; time.Sleep(100 * time.Millisecond) {
		if m := addrRe.FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, out.String())
		default:
		}
	}
	if addr == "" {
		t.Fatalf("server did not start:\n%s", out.String())
	}
	text := out.String()
	if !strings.Contains(text, "用户名：admin") {
		t.Errorf("no first administrator printed:\n%s", text)
	}
	m := regexp.MustCompile(`suozhang\s+密码 (\S+)`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no reviewer login printed:\n%s", text)
	}
	body, _ := json.Marshal(map[string]string{"username": "suozhang", "password": m[1]})
	resp, err := http.Post("http://"+addr+"/api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("demo reviewer login: %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve: %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Fatal("serve did not stop")
	}
}

// A file moved into place by an upload whose transaction kill -9 stopped
// before the commit is removed when the server starts again; files that
// versions reference stay (issue 14, defect 10).
func TestServeRemovesOrphanFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the law index")
	}
	data := t.TempDir()
	start := func() {
		t.Helper()
		var out syncBuffer
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- serve(ctx, serveOptions{data: data, addr: "127.0.0.1:0", demo: true, maxUpload: 20 << 20}, slog.New(slog.NewTextHandler(io.Discard, nil)), &out)
		}()
		for start := time.Now(); time.Since(start) < 60*time.Second && !strings.Contains(out.String(), "已启动"); time.Sleep(50 * time.Millisecond) {
		}
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("serve: %v\n%s", err, out.String())
		}
	}
	start() // the demo data stores its drafts' files
	kept, _ := filepath.Glob(filepath.Join(data, "files", "??", "*"))
	if len(kept) == 0 {
		t.Fatal("the demo stored no files")
	}
	orphan := filepath.Join(data, "files", "ab", strings.Repeat("ab", 32))
	if err := os.MkdirAll(filepath.Dir(orphan), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(orphan, []byte("moved into place, never committed"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Older than the grace a sweep gives files another node may be
	// placing now (files.Grace).
	old := time.Now().Add(-2 * time.Hour)
	if err := os.Chtimes(orphan, old, old); err != nil {
		t.Fatal(err)
	}
	start()
	if _, err := os.Stat(orphan); !os.IsNotExist(err) {
		t.Errorf("orphan file still there after a restart: %v", err)
	}
	for _, f := range kept {
		if _, err := os.Stat(f); err != nil {
			t.Errorf("referenced file %s removed: %v", filepath.Base(f), err)
		}
	}
}
