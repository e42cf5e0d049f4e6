package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// The load benchmark (make bench; issue 14): a server in its own process
// — a re-executed test binary, so that its RSS is its own — takes bursts
// of 120 concurrent logins while 50 sessions go round upload → open →
// accept → sign-off → queue. Every request must be answered as expected
// and the server's peak RSS (VmHWM) stay under loadRSS.
//
//	go test ./web -run '^$' -bench Load -benchtime 1x [-load.duration 60s -load.out ../docs/load.md]
var (
	loadDuration = flag.Duration("load.duration", 60*time.Second, "how long the sessions run")
	loadSessions = flag.Int("load.sessions", 50, "concurrent sessions")
	loadLogins   = flag.Int("load.logins", 120, "concurrent logins in each burst")
	loadOut      = flag.String("load.out", "", "write the report (Markdown) to this file")
)

const (
	loadRSS      = 600 << 20
	loadChildEnv = "LAWREVIEW_LOAD_CHILD"
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

// TestLoadServerChild is the server of BenchmarkLoad: the test workplace
// (real engine, law index, precedent index, SQLite) on a loopback port. It
// prints its address and passwords, serves until its stdin closes, then
// prints its peak RSS.
func TestLoadServerChild(t *testing.T) {
	if os.Getenv(loadChildEnv) == "" {
		t.Skip("runs only as the server of BenchmarkLoad")
	}
	e := newPrecEnv(t)
	e.srv.flow.MaxUpload = 20 << 20
	b, _ := json.Marshal(map[string]any{"url": e.ts.URL, "passwords": e.pw})
	fmt.Printf("LOAD %s\n", b)
	_, _ = io.Copy(io.Discard, os.Stdin)
	fmt.Printf("VMHWM %s\n", procStatus(os.Getpid(), "VmHWM"))
}

// loadClient is one browser: its own cookies, errors returned, never fatal
// (it runs on many goroutines).
type loadClient struct {
	base string
	hc   *http.Client
	csrf string
}

func newLoadClient(base string) *loadClient {
	jar, _ := cookiejar.New(nil)
	return &loadClient{base: base, hc: &http.Client{Jar: jar, Timeout: 5 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *loadClient) send(req *http.Request, out any) (int, error) {
	if c.csrf != "" {
		req.Header.Set(csrfHeader, c.csrf)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if out != nil && resp.StatusCode < 300 {
		if err := json.Unmarshal(b, out); err != nil {
			return resp.StatusCode, fmt.Errorf("decode: %w", err)
		}
	}
	return resp.StatusCode, nil
}

func (c *loadClient) json(method, path string, body, out any) (int, error) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	return c.send(req, out)
}

func (c *loadClient) login(user, password string) (int, error) {
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	st, err := c.json("POST", "/api/v1/session", map[string]string{"username": user, "password": password}, &out)
	c.csrf = out.CSRF
	return st, err
}

func (c *loadClient) uploadDraft(text string, out any) (int, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("meeting_date", time.Now().AddDate(0, 0, 7).Format("2006-01-02"))
	fw, _ := mw.CreateFormFile("file", "草案.txt")
	io.WriteString(fw, text)
	mw.Close()
	req, err := http.NewRequest("POST", c.base+"/api/v1/documents", &buf)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.send(req, out)
}

type loadStats struct {
	mu   sync.Mutex
	by   map[string][]time.Duration
	errs []string
	n    int
}

// time runs one request, records its latency and checks its status.
func (l *loadStats) time(op string, want int, f func() (int, error)) bool {
	start := time.Now()
	st, err := f()
	d := time.Since(start)
	l.mu.Lock()
	defer l.mu.Unlock()
	l.by[op] = append(l.by[op], d)
	if err != nil || st != want {
		l.n++
		if len(l.errs) < 20 {
			l.errs = append(l.errs, fmt.Sprintf("%s: status %d, %v", op, st, err))
		}
		return false
	}
	return true
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	return ds[int(float64(len(ds)-1)*p)]
}

func BenchmarkLoad(b *testing.B) {
	for range b.N {
		runLoad(b)
	}
}

func runLoad(b *testing.B) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestLoadServerChild$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), loadChildEnv+"=1")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	lines := bufio.NewScanner(stdout)
	var info struct {
		URL       string            `json:"url"`
		Passwords map[string]string `json:"passwords"`
	}
	for lines.Scan() {
		if l, ok := strings.CutPrefix(lines.Text(), "LOAD "); ok {
			_ = json.Unmarshal([]byte(l), &info)
			break
		}
	}
	if info.URL == "" {
		cmd.Process.Kill()
		b.Fatal("the server child did not start")
	}
	rssBefore, _ := strconv.ParseInt(procStatus(cmd.Process.Pid, "VmRSS"), 10, 64)
	stats := &loadStats{by: map[string][]time.Duration{}}
	session := func(user string) *loadClient {
		c := newLoadClient(info.URL)
		if st, err := c.login(user, info.Passwords[user]); st != http.StatusOK {
			b.Fatalf("login %s: %d %v", user, st, err)
		}
		return c
	}
	clerks := []*loadClient{session("clerk"), session("clerk2")}
	reviewers := []*loadClient{session("reviewer"), session("reviewer1b")}
	b.ResetTimer()
	start := time.Now()
	deadline := start.Add(*loadDuration)
	var wg sync.WaitGroup
	var mu sync.Mutex
	cycles := 0
	for s := 0; s < *loadSessions; s++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			clerk, rev := clerks[s%len(clerks)], reviewers[s%len(reviewers)]
			for i := 0; time.Now().Before(deadline); i++ {
				var res UploadResult
				if !stats.time("上传并初审 POST /api/v1/documents", http.StatusCreated, func() (int, error) {
					return clerk.uploadDraft(loadDraft(s*100000+i), &res)
				}) {
					continue
				}
				var r ReviewJSON
				if !stats.time("打开审查 GET /api/v1/reviews/{id}", http.StatusOK, func() (int, error) {
					return rev.json("GET", fmt.Sprintf("/api/v1/reviews/%d", res.ReviewID), nil, &r)
				}) || len(r.Findings) == 0 {
					continue
				}
				stats.time("采纳意见 POST /api/v1/reviews/{id}/findings/{fid}", http.StatusOK, func() (int, error) {
					return rev.json("POST", fmt.Sprintf("/api/v1/reviews/%d/findings/%d", r.ID, r.Findings[0].ID), map[string]any{"action": "accept"}, nil)
				})
				stats.time("签发 POST /api/v1/reviews/{id}/signoff", http.StatusOK, func() (int, error) {
					return rev.json("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", r.ID), map[string]any{"row_version": r.RowVersion, "conclusion": "修改后合法", "opinion": "删除罚款条款后合法。"}, nil)
				})
				if i%5 == 0 {
					stats.time("待审查列表 GET /api/v1/queue", http.StatusOK, func() (int, error) { return rev.json("GET", "/api/v1/queue", nil, nil) })
				}
				mu.Lock()
				cycles++
				mu.Unlock()
			}
		}()
	}
	// Bursts of concurrent logins while the sessions run: every user's
	// right password, and a few wrong ones on names that do not exist
	// (under the address's limit: the burst must not lock itself out).
	users := []string{"clerk", "clerk2", "clerk3", "reviewer", "reviewer1b", "reviewer2", "adviser", "admin"}
	bursts := 0
	for time.Now().Add(15 * time.Second).Before(deadline) {
		var lw sync.WaitGroup
		for i := 0; i < *loadLogins; i++ {
			lw.Add(1)
			go func() {
				defer lw.Done()
				user, pw, want := users[i%len(users)], info.Passwords[users[i%len(users)]], http.StatusOK
				if i%20 == 19 {
					user, pw, want = fmt.Sprintf("nobody%d-%d", bursts, i), "wrong-password", http.StatusUnauthorized
				}
				stats.time("登录 POST /api/v1/session", want, func() (int, error) { return newLoadClient(info.URL).login(user, pw) })
			}()
		}
		lw.Wait()
		bursts++
		time.Sleep(10 * time.Second)
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()

	stdin.Close()
	peak := int64(0)
	for lines.Scan() {
		if v, ok := strings.CutPrefix(lines.Text(), "VMHWM "); ok {
			peak, _ = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		}
	}
	cmd.Wait()
	peak <<= 10

	var all []time.Duration
	var ops []string
	for op, ds := range stats.by {
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		all = append(all, ds...)
		ops = append(ops, op)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	sort.Strings(ops)
	host, _ := os.Hostname()
	var r strings.Builder
	fmt.Fprintf(&r, "| 操作 | 请求数 | p50 | p95 | p99 | 最长 |\n|---|---:|---:|---:|---:|---:|\n")
	for _, op := range ops {
		ds := stats.by[op]
		fmt.Fprintf(&r, "| %s | %d | %v | %v | %v | %v |\n", op, len(ds), pct(ds, .5).Round(time.Millisecond), pct(ds, .95).Round(time.Millisecond), pct(ds, .99).Round(time.Millisecond), ds[len(ds)-1].Round(time.Millisecond))
	}
	fmt.Fprintf(&r, "| **全部** | %d | %v | %v | %v | %v |\n", len(all), pct(all, .5).Round(time.Millisecond), pct(all, .95).Round(time.Millisecond), pct(all, .99).Round(time.Millisecond), all[len(all)-1].Round(time.Millisecond))
	fmt.Fprintf(&r, "\n%d 个并发会话 %v，完成 %d 轮（上传→打开→采纳→签发）；其间 %d 次、每次 %d 个并发登录。"+
		"请求 %d 个，错误 %d 个。服务器进程 RSS：空闲 %d MB，峰值（VmHWM）%d MB，上限 %d MB。机器：%s，%d 核，%s/%s，%s。\n",
		*loadSessions, elapsed.Round(time.Second), cycles, bursts, *loadLogins, len(all), stats.n, rssBefore>>10, peak>>20, loadRSS>>20,
		host, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
	b.Log("\n" + r.String())
	b.ReportMetric(float64(peak>>20), "peak-RSS-MB")
	b.ReportMetric(float64(stats.n), "errors")
	b.ReportMetric(float64(len(all))/elapsed.Seconds(), "req/s")
	if *loadOut != "" {
		if err := os.WriteFile(*loadOut, []byte(r.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	if stats.n > 0 {
		b.Errorf("%d requests failed under load, first: %v", stats.n, stats.errs)
	}
	if peak == 0 || peak > loadRSS {
		b.Errorf("server peak RSS %d MB, budget %d MB", peak>>20, loadRSS>>20)
	}
	if bursts == 0 {
		b.Error("no login burst ran: raise -load.duration")
	}
}
