package web

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// The load check is off by default: go test ./web -run TestLoad -load
// [-load.duration 60s -load.sessions 50 -load.out ../docs/load.md].
// It stays on loopback (httptest) and is bounded by its duration.
var (
	loadOn       = flag.Bool("load", false, "run the load check")
	loadDuration = flag.Duration("load.duration", 60*time.Second, "how long the load check runs")
	loadSessions = flag.Int("load.sessions", 50, "concurrent sessions")
	loadOut      = flag.String("load.out", "", "write the report (Markdown) to this file")
)

// loadDraft is a 5,000-character draft with a few problems in it, numbered
// so that each upload differs (and is stored as its own file).
func loadDraft(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "东湖镇第%d村村规民约（草案）\n\n为了推进村民自治，根据《中华人民共和国村民委员会组织法》，经村民会议讨论，制定本村规民约。\n", n)
	clauses := []string{
		"村民应当遵守法律法规，维护社会治安秩序，爱护公共设施。",
		"对偷盗集体财物的，由村委会处以500元罚款。",
		"村民饲养家禽家畜应当圈养，不得散放，保持村内道路整洁。",
		"提倡婚事新办、丧事简办，反对铺张浪费和封建迷信活动。",
		"村民之间发生纠纷，应当协商解决或者申请人民调解委员会调解。",
		"外嫁女及其子女户口虽未迁出，不再享受本村集体收益分配。",
		"村民应当按照规划建房，不得占用耕地，不得违法搭建。",
		"村民应当积极参加村民会议，依法行使民主权利。",
	}
	for i := 1; b.Len() < 5000*3; i++ { // ~3 bytes per Chinese character
		fmt.Fprintf(&b, "第%d条 %s\n", i, clauses[i%len(clauses)])
	}
	return string([]rune(b.String())[:5000])
}

type latencies struct {
	mu sync.Mutex
	by map[string][]time.Duration
}

func (l *latencies) add(op string, d time.Duration) {
	l.mu.Lock()
	l.by[op] = append(l.by[op], d)
	l.mu.Unlock()
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := int(float64(len(ds)-1) * p)
	return ds[i]
}

func TestLoad(t *testing.T) {
	if !*loadOn {
		t.Skip("load check runs only with -load")
	}
	e := newEnv(t)
	// Sessions: clerks of both townships of office 1 and its two reviewers.
	clerks := []*client{e.login("clerk"), e.login("clerk2")}
	reviewers := []*client{e.login("reviewer"), e.login("reviewer1b")}
	lat := &latencies{by: map[string][]time.Duration{}}
	var errMu sync.Mutex
	var errs []string
	fail := func(format string, a ...any) {
		errMu.Lock()
		if len(errs) < 20 {
			errs = append(errs, fmt.Sprintf(format, a...))
		}
		errMu.Unlock()
	}
	timed := func(op string, f func() int, want int) bool {
		start := time.Now()
		st := f()
		lat.add(op, time.Since(start))
		if st != want {
			fail("%s: status %d", op, st)
			return false
		}
		return true
	}
	deadline := time.Now().Add(*loadDuration)
	var wg sync.WaitGroup
	var mu sync.Mutex
	cycles := 0
	for s := 0; s < *loadSessions; s++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			clerk, rev := clerks[s%len(clerks)], reviewers[s%len(reviewers)]
			for i := 0; time.Now().Before(deadline); i++ {
				draft := loadDraft(s*100000 + i)
				var res UploadResult
				if !timed("上传并初审 POST /api/v1/documents", func() int {
					return clerk.upload("/api/v1/documents", "草案.txt", []byte(draft), nil, &res)
				}, http.StatusCreated) {
					continue
				}
				var r ReviewJSON
				if !timed("打开审查 GET /api/v1/reviews/{id}", func() int {
					return rev.do("GET", fmt.Sprintf("/api/v1/reviews/%d", res.ReviewID), nil, &r)
				}, http.StatusOK) {
					continue
				}
				if len(r.Findings) == 0 {
					fail("review %d: no findings", res.ReviewID)
					continue
				}
				timed("采纳意见 POST /api/v1/reviews/{id}/findings/{fid}", func() int {
					return rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/findings/%d", r.ID, r.Findings[0].ID), map[string]any{"action": "accept"}, nil)
				}, http.StatusOK)
				timed("签发 POST /api/v1/reviews/{id}/signoff", func() int {
					return rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", r.ID), map[string]any{"row_version": r.RowVersion, "conclusion": "修改后合法", "opinion": "删除罚款条款后合法。"}, nil)
				}, http.StatusOK)
				if i%5 == 0 {
					timed("待审查列表 GET /api/v1/queue", func() int { return rev.do("GET", "/api/v1/queue", nil, nil) }, http.StatusOK)
				}
				mu.Lock()
				cycles++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()

	var all []time.Duration
	var ops []string
	for op, ds := range lat.by {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		all = append(all, ds...)
		ops = append(ops, op)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	sort.Strings(ops)
	host, _ := os.Hostname()
	var b strings.Builder
	fmt.Fprintf(&b, "| 操作 | 请求数 | p50 | p95 | p99 | 最长 |\n|---|---:|---:|---:|---:|---:|\n")
	for _, op := range ops {
		ds := lat.by[op]
		fmt.Fprintf(&b, "| %s | %d | %v | %v | %v | %v |\n", op, len(ds), pct(ds, .5).Round(time.Millisecond), pct(ds, .95).Round(time.Millisecond), pct(ds, .99).Round(time.Millisecond), ds[len(ds)-1].Round(time.Millisecond))
	}
	fmt.Fprintf(&b, "| **全部** | %d | %v | %v | %v | %v |\n", len(all), pct(all, .5).Round(time.Millisecond), pct(all, .95).Round(time.Millisecond), pct(all, .99).Round(time.Millisecond), all[len(all)-1].Round(time.Millisecond))
	fmt.Fprintf(&b, "\n%d 个并发会话，%v，完成 %d 轮（上传→打开→采纳→签发），错误 %d 个。机器：%s，%d 核，%s/%s，%s。\n",
		*loadSessions, *loadDuration, cycles, len(errs), host, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	t.Log("\n" + b.String())
	if *loadOut != "" {
		if err := os.WriteFile(*loadOut, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(errs) > 0 {
		t.Fatalf("%d errors under load, first: %v", len(errs), errs)
	}
}
