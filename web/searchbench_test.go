//go:build unix

package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"lawreview/web/files"
	"lawreview/web/storage"
	"lawreview/web/storage/sqlite"
	"lawreview/web/workflow"
)

// fixedSearcher answers every search with one answer: the handler chain's
// cost without the search's.
type fixedSearcher struct{ res workflow.SearchResult }

func (f fixedSearcher) Search(context.Context, workflow.SearchQuery) (*workflow.SearchResult, error) {
	r := f.res
	return &r, nil
}

// BenchmarkAPISearchChain runs GET /api/v1/search through the real gin
// engine (security headers, request id, access log, session from SQLite,
// CSRF, the JSON answer) with a searcher that returns a fixed answer of 20
// hits as long as a clause search's (~21 KB of JSON): what the server adds
// to a search's own work, per request, without the network. It reports
// the process's CPU per request too (cpu-ns/op). The pause variant sleeps
// 500 ms between requests outside the timer, as web/bench's one user
// thinks; its cpu-ns/op is what a request costs after an idle pause
// (docs/performance.md, stage 15).
func BenchmarkAPISearchChain(b *testing.B) {
	b.Run("backtoback", func(b *testing.B) { benchSearchChain(b, 0) })
	b.Run("pause500ms", func(b *testing.B) { benchSearchChain(b, 500*time.Millisecond) })
}

func benchSearchChain(b *testing.B, pause time.Duration) {
	engine, laws, _ := sharedEngine(b)
	var hits []workflow.SearchHit
	for _, l := range laws.Laws() {
		for _, a := range l.Articles {
			if len(hits) < 20 && len([]rune(a.Text)) >= 150 {
				t := []rune(a.Text)
				hits = append(hits, workflow.SearchHit{Law: l.Name, Article: a.Label, Level: l.Level, Status: l.Status,
					Version: l.Published.Format(time.DateOnly), Text: string(t[:min(len(t), 300)]), Score: 12.5,
					Snippet: []string{string(t[:60])}})
			}
		}
	}
	dir := b.TempDir()
	st, err := sqlite.Open(filepath.Join(dir, "lawreview.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	fs, err := files.Open(filepath.Join(dir, "files"))
	if err != nil {
		b.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := New(Config{Workflow: workflow.New(workflow.Config{Store: st, Files: fs, Engine: engine, Laws: laws,
		Search: fixedSearcher{workflow.SearchResult{Total: 1234, Hits: hits, Province: ""}}, Opinion: &fakePrinter{}, Logger: log})})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	o1, _ := st.CreateOffice(ctx, "城关司法所")
	town, _ := st.CreateTownship(ctx, "东湖镇", o1)
	if _, _, err := workflow.CreateUser(ctx, st, workflow.UserInput{Username: "clerk", DisplayName: "张敏", Role: storage.RoleClerk,
		TownshipID: town, Password: "pw-clerk-123"}); err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	login := httptest.NewRequest("POST", "/api/v1/session", strings.NewReader(`{"username":"clerk","password":"pw-clerk-123"}`))
	login.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, login)
	if w.Code != http.StatusOK {
		b.Fatalf("login: %d %s", w.Code, w.Body)
	}
	cookies := w.Result().Cookies()
	q := "/api/v1/search?q=" + url.QueryEscape("村民委员会对违反村规民约的村民处以罚款")
	size := 0
	var cpu time.Duration
	for b.Loop() {
		if pause > 0 {
			b.StopTimer()
			time.Sleep(pause)
			b.StartTimer()
		}
		c0 := rusageCPU()
		r := httptest.NewRequest("GET", q, nil)
		for _, c := range cookies {
			r.AddCookie(c)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		cpu += rusageCPU() - c0
		if w.Code != http.StatusOK {
			b.Fatalf("search: %d %s", w.Code, w.Body)
		}
		size = w.Body.Len()
	}
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(size), "bytes/answer")
}

// rusageCPU is the process's user + system CPU time so far.
func rusageCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
