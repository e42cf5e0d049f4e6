package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"lawreview/review"
	"lawreview/review/precedent"
)

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

// serveStartWait bounds the wait for a demo server to come up: the demo
// seeds a year of reviews through the real engine, which on a loaded
// 2-core machine took over a minute. It is a deadline for a hung start,
// not a speed goal (those are in make bench); the tests go on as soon as
// the server says it is up.
const serveStartWait = 5 * time.Minute

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
	for start := time.Now(); time.Since(start) < serveStartWait && addr == ""; time.Sleep(100 * time.Millisecond) {
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
	firstStartFindsFromBank(t, "http://"+addr, text)
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
		for start := time.Now(); time.Since(start) < serveStartWait && !strings.Contains(out.String(), "已启动"); time.Sleep(50 * time.Millisecond) {
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

// firstStartFindsFromBank: the first start loaded the public bank, and the
// workplace reviews with it — a clerk's draft repeating, in other words, a
// case 市场监管总局 published gets a finding from that case (issue 11).
func firstStartFindsFromBank(t *testing.T, base, logins string) {
	t.Helper()
	m := regexp.MustCompile(`donghu\s+密码 (\S+)`).FindStringSubmatch(logins)
	if m == nil {
		t.Fatalf("no clerk login printed:\n%s", logins)
	}
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar}
	body, _ := json.Marshal(map[string]string{"username": "donghu", "password": m[1]})
	resp, err := hc.Post(base+"/api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var session struct {
		CSRF string `json:"csrf_token"`
	}
	json.NewDecoder(resp.Body).Decode(&session)
	resp.Body.Close()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"title": "关于促进保温产业发展的若干措施", "type": "规范性文件", "meeting_date": time.Now().AddDate(0, 0, 7).Format("2006-01-02")} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", "措施.txt")
	fw.Write([]byte("东湖镇关于促进保温产业发展的若干措施\n\n一、对保温产业平台运营公司给予产业发展专项资金奖励，年度考评每得1分奖励1万元。\n\n二、本措施自印发之日起施行，有效期三年。\n"))
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/api/v1/documents", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-CSRF-Token", session.CSRF)
	resp, err = hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var up struct {
		ReviewID int64 `json:"review_id"`
	}
	json.NewDecoder(resp.Body).Decode(&up)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || up.ReviewID == 0 {
		t.Fatalf("upload as the demo clerk: %d", resp.StatusCode)
	}
	resp, err = hc.Get(fmt.Sprintf("%s/api/v1/reviews/%d", base, up.ReviewID))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Findings []review.Finding `json:"findings"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Findings {
		if f.Rule == review.RulePrecedent && f.FromPrecedent != nil && f.FromPrecedent.Source == precedent.SourcePublic &&
			strings.HasPrefix(f.FromPrecedent.Summary, "国家市场监督管理总局2023年公布的案例中") {
			return
		}
	}
	t.Errorf("the first start's bank found nothing in the clerk's draft: %+v", r.Findings)
}
