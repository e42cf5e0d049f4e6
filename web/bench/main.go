//go:build linux

// Command bench measures lawreview as people meet it, on the whole law
// collection imported into a data directory: a cold `lawreview review` of
// a 5,000-character draft and a cold `lawreview law`, each a fresh
// process; and the server started as in production, its resident memory
// one minute after start, after 50 concurrent logins and under 50 users
// working for a minute (think time 500 ms), with the latency of every
// kind of request. It runs the real binary and talks to it over HTTP, so
// what it measures is the program, not a test harness. It prints a
// Markdown report with the CPU model and the load average, since the
// machine may be shared.
//
//	go run ./web/bench [-corpus ../shared/corpus/laws] [-work dir] [-users 50] [-duration 60s]
//
// It is make bench's server step; docs/performance.md holds its figures.
package main

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unicode/utf8"

	"lawreview/review"
)

type options struct {
	bin, corpus, work, drafts string
	users, runs, searches     int
	duration, think, idle     time.Duration
	after                     time.Duration
	trace                     string
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "", "lawreview binary (default: build ./cmd/lawreview into the work directory)")
	flag.StringVar(&o.corpus, "corpus", "../shared/corpus/laws", "law collection to import")
	flag.StringVar(&o.work, "work", "", "work directory, kept between runs (default: a temporary one, removed)")
	flag.StringVar(&o.drafts, "drafts", "testdata/eval", "drafts (*.txt): the 5,000-character review and the search queries")
	flag.IntVar(&o.users, "users", 50, "accounts logging in at once, then working at once")
	flag.IntVar(&o.runs, "runs", 10, "runs of each cold command")
	flag.IntVar(&o.searches, "searches", 200, "clause searches one user makes, one after another with the think time, before the users work (0: none)")
	flag.DurationVar(&o.duration, "duration", time.Minute, "how long the users work (0: not at all)")
	flag.DurationVar(&o.think, "think", 500*time.Millisecond, "pause between a user's requests")
	flag.DurationVar(&o.idle, "idle", time.Minute, "wait after the server starts before measuring its idle memory")
	flag.DurationVar(&o.after, "after", time.Minute, "wait after the users stop before measuring memory again")
	flag.StringVar(&o.trace, "trace", "", "file to write each clause search to, one tab-separated line: when it was sent after the server started, its latency, the server's threads' CPU and minor page faults during the request, the clause")
	flag.Parse()
	if err := run(o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(o options) error {
	if o.work == "" {
		d, err := os.MkdirTemp("", "lawreview-serverbench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		o.work = d
	}
	if err := os.MkdirAll(o.work, 0o755); err != nil {
		return err
	}
	if o.bin == "" {
		o.bin = filepath.Join(o.work, "lawreview")
		fmt.Fprintln(os.Stderr, "building", o.bin)
		if out, err := exec.Command("go", "build", "-o", o.bin, "./cmd/lawreview").CombinedOutput(); err != nil {
			return fmt.Errorf("go build: %v\n%s", err, out)
		}
	}
	data := filepath.Join(o.work, "data")
	draft, err := draftOf(o.drafts, 5000)
	if err != nil {
		return err
	}
	draftPath := filepath.Join(o.work, "草案5000.txt")
	if err := os.WriteFile(draftPath, []byte(draft), 0o644); err != nil {
		return err
	}

	fmt.Printf("## Server and cold-start benchmark %s\n\n", time.Now().Format(time.DateOnly))
	fmt.Printf("Machine: %s, %d CPUs, %s, Go %s; load average at the start: %s.\n\n",
		cpuModel(), runtime.NumCPU(), memTotal(), runtime.Version(), loadAvg())

	imported, err := prepare(o, data)
	if err != nil {
		return err
	}
	fmt.Printf("Data directory: %s imported (%s).\n\n", o.corpus, imported)

	if err := coldCommands(o, data, draftPath); err != nil {
		return err
	}
	return serverBench(o, data)
}

// prepare imports the collection into data once per work directory, and
// creates the accounts this run needs that the directory does not hold yet:
// a directory first used with -users 1 and then with the default 50 would
// otherwise answer 49 logins with 401.
func prepare(o options, data string) (string, error) {
	marker := filepath.Join(o.work, "IMPORTED")
	summary := ""
	if b, err := os.ReadFile(marker); err == nil {
		summary = strings.TrimSpace(string(b))
	} else {
		t0 := time.Now()
		cmd := exec.Command(o.bin, "corpus", "import", "--data", data, o.corpus)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("import: %v\n%s", err, out.String())
		}
		u := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		summary = fmt.Sprintf("import took %s wall, %s CPU, peak RSS %d MB", round(time.Since(t0)),
			round(cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime()), u.Maxrss>>10)
		if err := os.WriteFile(marker, []byte(summary), 0o644); err != nil {
			return "", err
		}
	}
	list, err := exec.Command(o.bin, "user", "list", "--data", data).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("user list: %v\n%s", err, list)
	}
	have := map[string]bool{}
	for _, line := range strings.Split(string(list), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			have[f[0]] = true
		}
	}
	for i := range o.users {
		if have[userName(i)] {
			continue
		}
		add := exec.Command(o.bin, "user", "add", "--data", data, "--name", userName(i), "--role", "clerk",
			"--township", "压测镇", "--office", "压测司法所", "--create", "--password-stdin")
		add.Stdin = strings.NewReader(password + "\n")
		if b, err := add.CombinedOutput(); err != nil {
			return "", fmt.Errorf("user add: %v\n%s", err, b)
		}
	}
	return summary, nil
}

const password = "bench-password-1234"

func userName(i int) string { return fmt.Sprintf("bench%02d", i+1) }

// coldCommands runs each command as a fresh process, one after another.
func coldCommands(o options, data, draftPath string) error {
	fmt.Printf("### Cold commands (%d runs each, a new process every run)\n\n", o.runs)
	fmt.Println("| command | wall p50 | wall min | wall max | CPU p50 | peak RSS p50 |")
	fmt.Println("| --- | --- | --- | --- | --- | --- |")
	for _, c := range []struct {
		name string
		args []string
	}{
		{"`lawreview review` 5,000 characters", []string{"review", "--data", data, draftPath}},
		{"`lawreview law 行政处罚法 16`", []string{"law", "--data", data, "行政处罚法", "16"}},
	} {
		var wall, cpu []time.Duration
		var rss []int64
		for range o.runs + 1 { // the first run warms the page cache
			cmd := exec.Command(o.bin, c.args...)
			cmd.Stdout = io.Discard
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			t0 := time.Now()
			err := cmd.Run()
			d := time.Since(t0)
			var exit *exec.ExitError
			if err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) { // 1: findings
				return fmt.Errorf("%s: %v\n%s", c.name, err, stderr.String())
			}
			wall = append(wall, d)
			cpu = append(cpu, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
			rss = append(rss, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss>>10)
		}
		wall, cpu, rss = wall[1:], cpu[1:], rss[1:]
		fmt.Printf("| %s | %s | %s | %s | %s | %d MB |\n", c.name, round(pct(wall, 50)), round(slices.Min(wall)),
			round(slices.Max(wall)), round(pct(cpu, 50)), pct(rss, 50))
	}
	fmt.Printf("\nLoad average after the cold commands: %s.\n\n", loadAvg())
	return nil
}

// server is a running `lawreview serve`.
type server struct {
	cmd  *exec.Cmd
	base string
}

func startServer(o options, data string) (*server, time.Duration, error) {
	cmd := exec.Command(o.bin, "serve", "--data", data, "--addr", "127.0.0.1:0")
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, 0, err
	}
	logf, err := os.Create(filepath.Join(o.work, "serve.log"))
	if err != nil {
		return nil, 0, err
	}
	cmd.Stderr = logf // the server's log, kept for a failed run
	t0 := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, 0, err
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.Index(line, "http://"); i >= 0 && strings.Contains(line, "已启动") {
			u := strings.Fields(line[i:])[0]
			go io.Copy(io.Discard, out)
			return &server{cmd: cmd, base: strings.TrimSuffix(u, "/")}, time.Since(t0), nil
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	return nil, 0, fmt.Errorf("server exited before it was ready; see %s", logf.Name())
}

func (s *server) stop() {
	s.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { s.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(40 * time.Second):
		s.cmd.Process.Kill()
		<-done
	}
}

// memory reads the server's resident memory from /proc, in MB.
func (s *server) memory() (rss, anon, file, peak int64) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		v, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "VmRSS:":
			rss = v >> 10
		case "RssAnon:":
			anon = v >> 10
		case "RssFile:":
			file = v >> 10
		case "VmHWM:":
			peak = v >> 10
		}
	}
	return
}

// stat is the server's /proc/PID/stat fields after the command name (which
// is in parentheses and may hold spaces), as numbers: 7 minor faults, 11
// and 12 user and system time in clock ticks. Nil when unreadable.
func (s *server) stat() []int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", s.cmd.Process.Pid))
	if err != nil || bytes.LastIndexByte(b, ')') < 0 {
		return nil
	}
	f := strings.Fields(string(b[bytes.LastIndexByte(b, ')')+1:]))
	out := make([]int64, len(f))
	for i, v := range f {
		out[i], _ = strconv.ParseInt(v, 10, 64)
	}
	return out
}

// cpu is the server's CPU time so far (user + system), from /proc.
func (s *server) cpu() time.Duration {
	if f := s.stat(); len(f) > 12 {
		return time.Duration(f[11]+f[12]) * time.Second / clockTicks
	}
	return 0
}

// minorFaults is the server's minor page faults so far, from /proc: on
// this machine kind each costs ~13 µs of CPU (docs/performance.md, stage 16).
func (s *server) minorFaults() int64 {
	if f := s.stat(); len(f) > 7 {
		return f[7]
	}
	return 0
}

// clockTicks is USER_HZ, the unit of /proc/<pid>/stat times (100 on Linux).
const clockTicks = 100

func (s *server) memLine(what string) {
	rss, anon, file, peak := s.memory()
	fmt.Printf("| %s | %d MB | %d MB | %d MB | %d MB | %s |\n", what, rss, anon, file, peak, loadAvg())
}

func serverBench(o options, data string) error {
	srv, ready, err := startServer(o, data)
	if err != nil {
		return err
	}
	defer srv.stop()
	started := time.Now()
	fmt.Printf("### Server (`lawreview serve`, whole collection, ready in %s)\n\n", round(ready))
	fmt.Println("| when | RSS | anonymous | file-backed | peak (VmHWM) | load average |")
	fmt.Println("| --- | --- | --- | --- | --- | --- |")
	srv.memLine(fmt.Sprintf("ready (CPU so far %s)", round(srv.cpu())))
	time.Sleep(time.Until(started.Add(o.idle)))
	srv.memLine(fmt.Sprintf("idle, %s after start", round(o.idle)))

	users := make([]*user, o.users)
	lat := &latencies{by: map[string][]time.Duration{}}
	loginCPU, loginStart := srv.cpu(), time.Now()
	var wg sync.WaitGroup
	var loginErr error
	var mu sync.Mutex
	for i := range users {
		wg.Go(func() {
			u, err := login(srv.base, userName(i), lat)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && loginErr == nil {
				loginErr = err
			}
			users[i] = u
		})
	}
	wg.Wait()
	if loginErr != nil {
		return loginErr
	}
	srv.memLine(fmt.Sprintf("after %d concurrent logins (%s, CPU %s)", o.users, round(time.Since(loginStart)), round(srv.cpu()-loginCPU)))

	queries, err := clauses(o.drafts)
	if err != nil {
		return err
	}
	if o.searches > 0 {
		if err := clauseSearches(srv, users[0], spread(queries, o.searches), o.think, started, o.trace); err != nil {
			return err
		}
		fmt.Println()
		fmt.Println("| when | RSS | anonymous | file-backed | peak (VmHWM) | load average |")
		fmt.Println("| --- | --- | --- | --- | --- | --- |")
		srv.memLine(fmt.Sprintf("after the %d clause searches", min(o.searches, len(queries))))
	}
	if o.duration <= 0 {
		fmt.Printf("\nLoad average at the end: %s.\n", loadAvg())
		return nil
	}
	articles, err := basisArticles()
	if err != nil {
		return err
	}
	draft, err := draftOf(o.drafts, 5000)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.duration)
	defer cancel()
	var peakDuring atomic.Int64
	go func() {
		for ctx.Err() == nil {
			if r, _, _, _ := srv.memory(); r > peakDuring.Load() {
				peakDuring.Store(r)
			}
			time.Sleep(time.Second)
		}
	}()
	t0, workCPU := time.Now(), srv.cpu()
	var errs errorLog
	for i, u := range users {
		wg.Go(func() { u.work(ctx, i, o.think, queries, articles, draft, lat, &errs) })
	}
	wg.Wait()
	elapsed, workCPU := time.Since(t0), srv.cpu()-workCPU
	srv.memLine(fmt.Sprintf("after %d users for %s (highest sampled during: %d MB)", o.users, round(o.duration), peakDuring.Load()))
	time.Sleep(o.after)
	srv.memLine(fmt.Sprintf("idle again, %s later", round(o.after)))

	total := 0
	var all []time.Duration
	ops := make([]string, 0, len(lat.by))
	for op, ds := range lat.by {
		ops = append(ops, op)
		if op != opLogin {
			total += len(ds)
			all = append(all, ds...)
		}
	}
	sort.Strings(ops)
	fmt.Printf("\n%d users for %s, think time %s: %d requests (%.1f per second), **%d errors**; "+
		"the server used %s of CPU for them, %.1f ms per request (a figure the machine's other load changes little).\n\n",
		o.users, round(elapsed), o.think, total, float64(total)/elapsed.Seconds(), errs.n,
		round(workCPU), float64(workCPU)/float64(time.Millisecond)/float64(max(total, 1)))
	fmt.Println("| request | count | p50 | p95 | p99 | max |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: |")
	for _, op := range ops {
		ds := lat.by[op]
		fmt.Printf("| %s | %d | %s | %s | %s | %s |\n", op, len(ds), round(pct(ds, 50)), round(pct(ds, 95)), round(pct(ds, 99)), round(slices.Max(ds)))
	}
	fmt.Printf("| **all but logins** | %d | %s | %s | %s | %s |\n\n", len(all), round(pct(all, 50)), round(pct(all, 95)), round(pct(all, 99)), round(slices.Max(all)))
	for _, e := range errs.first {
		fmt.Printf("- error: %s\n", e)
	}
	fmt.Printf("Load average at the end: %s.\n", loadAvg())
	return nil
}

const (
	opLogin   = "登录 POST /api/v1/session"
	opSearch  = "条文检索 GET /api/v1/search（草案中的一句）"
	opArticle = "查看条文 GET /api/v1/laws/article"
	opList    = "文件列表 GET /api/v1/documents"
	opUpload  = "上传并初审 POST /api/v1/documents（5,000 字）"
)

type user struct {
	base string
	http *http.Client
	csrf string
}

type latencies struct {
	mu sync.Mutex
	by map[string][]time.Duration
}

func (l *latencies) add(op string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.by[op] = append(l.by[op], d)
}

type errorLog struct {
	mu    sync.Mutex
	n     int
	first []string
}

func (e *errorLog) add(format string, a ...any) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.n++
	if len(e.first) < 10 {
		e.first = append(e.first, fmt.Sprintf(format, a...))
	}
}

func login(base, name string, lat *latencies) (*user, error) {
	jar, _ := cookiejar.New(nil)
	u := &user{base: base, http: &http.Client{Jar: jar, Timeout: 2 * time.Minute}}
	body, _ := json.Marshal(map[string]string{"username": name, "password": password})
	t0 := time.Now()
	resp, err := u.http.Post(base+"/api/v1/session", "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("login %s: %w", name, err)
	}
	defer resp.Body.Close()
	lat.add(opLogin, time.Since(t0))
	var res struct {
		CSRF string `json:"csrf_token"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&res) != nil {
		return nil, fmt.Errorf("login %s: HTTP %d", name, resp.StatusCode)
	}
	u.csrf = res.CSRF
	return u, nil
}

// work is one user for the duration: a clause search with a sentence of
// a real draft, the text of an article a rule cites, the list of the
// township's documents; every tenth round a new 5,000-character draft
// uploaded and reviewed. Each request is followed by the think time.
func (u *user) work(ctx context.Context, id int, think time.Duration, queries []string, articles [][2]string,
	draft string, lat *latencies, errs *errorLog) {
	rnd := rand.New(rand.NewPCG(uint64(id), 18))
	pause := func() bool {
		select {
		case <-ctx.Done():
			return false
		case <-time.After(think):
			return true
		}
	}
	for round := 0; ctx.Err() == nil; round++ {
		q := queries[rnd.IntN(len(queries))]
		u.get(opSearch, "/api/v1/search?q="+url.QueryEscape(q), lat, errs)
		if !pause() {
			return
		}
		a := articles[rnd.IntN(len(articles))]
		u.get(opArticle, "/api/v1/laws/article?law="+url.QueryEscape(a[0])+"&article="+url.QueryEscape(a[1]), lat, errs)
		if !pause() {
			return
		}
		u.get(opList, "/api/v1/documents", lat, errs)
		if !pause() {
			return
		}
		if round%10 == id%10 {
			text := fmt.Sprintf("压测镇第%d村第%d号村规民约（草案）\n%s", id, round, draft)
			u.upload(text, lat, errs)
			if !pause() {
				return
			}
		}
	}
}

func (u *user) get(op, path string, lat *latencies, errs *errorLog) time.Duration {
	t0 := time.Now()
	resp, err := u.http.Get(u.base + path)
	if err != nil {
		errs.add("%s: %v", op, err)
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d := time.Since(t0)
	lat.add(op, d)
	if resp.StatusCode != http.StatusOK {
		errs.add("%s %s: HTTP %d", op, path, resp.StatusCode)
	}
	return d
}

func (u *user) upload(text string, lat *latencies, errs *errorLog) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("meeting_date", time.Now().AddDate(0, 0, 7).Format(time.DateOnly))
	fw, _ := mw.CreateFormFile("file", "草案.txt")
	fw.Write([]byte(text))
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, u.base+"/api/v1/documents", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-CSRF-Token", u.csrf)
	t0 := time.Now()
	resp, err := u.http.Do(req)
	if err != nil {
		errs.add("%s: %v", opUpload, err)
		return
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	lat.add(opUpload, time.Since(t0))
	if resp.StatusCode != http.StatusCreated {
		errs.add("%s: HTTP %d %s", opUpload, resp.StatusCode, b)
	}
}

// clauses are the sentences of the drafts, as a clerk would paste one
// into the search box: 8 to 60 characters.
func clauses(dir string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		return nil, fmt.Errorf("no drafts in %s", dir)
	}
	sort.Strings(files)
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		for _, s := range strings.FieldsFunc(string(b), func(r rune) bool { return strings.ContainsRune("。；！？\n", r) }) {
			s = strings.TrimSpace(s)
			if n := utf8.RuneCountInString(s); n >= 8 && n <= 60 {
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// spread takes n of the clauses, evenly spaced through them (every
// draft contributes), so that each run searches the same n.
func spread(qs []string, n int) []string {
	if n >= len(qs) {
		return qs
	}
	out := make([]string, n)
	for i := range out {
		out[i] = qs[i*len(qs)/n]
	}
	return out
}

// clauseSearches is issue 18's clause-search measure: one user searches
// each clause once, in turn, pausing the think time after each, as a
// clerk pasting the sentences of a draft would. Nothing else runs on the
// server meanwhile.
//
// Its latency on a shared machine is mostly waiting for a CPU (stage 13
// of docs/performance.md), so the server's own CPU time over the searches
// is reported too, per search: what a change to the search's work moves.
func clauseSearches(srv *server, u *user, qs []string, think time.Duration, started time.Time, trace string) error {
	lat := &latencies{by: map[string][]time.Duration{}}
	var errs errorLog
	var tw *bufio.Writer
	if trace != "" {
		f, err := os.Create(trace)
		if err != nil {
			return err
		}
		defer f.Close()
		tw = bufio.NewWriter(f)
		defer tw.Flush()
		fmt.Fprintln(tw, "i\tsent_ms\tlatency_us\tthreads_cpu_us\tminflt\tclause")
	}
	var reqCPU []time.Duration
	var faults []int64
	t0, cpu0 := time.Now(), srv.cpu()
	for i, q := range qs {
		if tw == nil {
			u.get(opSearch, "/api/v1/search?q="+url.QueryEscape(q), lat, &errs)
		} else {
			c0, f0, sent := srv.threadsCPU(), srv.minorFaults(), time.Since(started)
			d := u.get(opSearch, "/api/v1/search?q="+url.QueryEscape(q), lat, &errs)
			c1, f1 := srv.threadsCPU(), srv.minorFaults()
			fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t%s\n", i, sent.Milliseconds(), d.Microseconds(), (c1 - c0).Microseconds(), f1-f0, q)
			reqCPU, faults = append(reqCPU, c1-c0), append(faults, f1-f0)
		}
		time.Sleep(think)
	}
	ds := lat.by[opSearch]
	fmt.Printf("\n### Clause search, one user (%d real clauses from the drafts, each once, think time %s)\n\n", len(qs), think)
	if len(ds) == 0 {
		fmt.Printf("No answers; %d errors.\n", errs.n)
		return nil
	}
	fmt.Println("| request | count | p50 | p95 | p99 | max | errors | load average |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	fmt.Printf("| %s | %d | %s | %s | %s | %s | %d | %s |\n", opSearch, len(ds), round(pct(ds, 50)), round(pct(ds, 95)),
		round(pct(ds, 99)), round(slices.Max(ds)), errs.n, loadAvg())
	cpu := srv.cpu() - cpu0
	fmt.Printf("\n%d searches in %s; the server's CPU time meanwhile %s, **%.2f ms per search**.\n", len(ds), round(time.Since(t0)),
		round(cpu), float64(cpu)/float64(time.Millisecond)/float64(len(qs)))
	if len(reqCPU) > 0 {
		var sum int64
		for _, f := range faults {
			sum += f
		}
		fmt.Printf("Each request (-trace): the server's threads' CPU p50 %s, p95 %s; minor page faults p50 %d, p95 %d, mean %.0f.\n",
			round(pct(reqCPU, 50)), round(pct(reqCPU, 95)), pct(faults, 50), pct(faults, 95), float64(sum)/float64(len(faults)))
	}
	for _, e := range errs.first {
		fmt.Printf("- error: %s\n", e)
	}
	return nil
}

// threadsCPU is the CPU time the server's threads have run so far, the
// sum of their schedstat (nanoseconds, where /proc/PID/stat counts 10 ms
// ticks): what one request costs. A thread that has exited is not counted.
func (s *server) threadsCPU() time.Duration {
	dir := fmt.Sprintf("/proc/%d/task", s.cmd.Process.Pid)
	ents, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	var sum int64
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(dir, e.Name(), "schedstat"))
		if err != nil {
			continue
		}
		if f := strings.Fields(string(b)); len(f) > 0 {
			v, _ := strconv.ParseInt(f[0], 10, 64)
			sum += v
		}
	}
	return time.Duration(sum)
}

// basisArticles are the articles the review rules cite.
func basisArticles() ([][2]string, error) {
	rules, err := review.DefaultRules()
	if err != nil {
		return nil, err
	}
	seen := map[[2]string]bool{}
	var out [][2]string
	for _, r := range rules {
		for _, b := range r.Basis {
			k := [2]string{b.Law, b.Article}
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out, nil
}

// draftOf concatenates the drafts in name order until n characters, and
// cuts there (as index/bench does for the review benchmark).
func draftOf(dir string, n int) (string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("no drafts in %s", dir)
	}
	sort.Strings(files)
	var sb strings.Builder
	for count := 0; count < n; {
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return "", err
			}
			sb.Write(b)
			sb.WriteString("\n")
			if count += utf8.RuneCount(b) + 1; count >= n {
				break
			}
		}
	}
	return string([]rune(sb.String())[:n]), nil
}

func pct[T cmp.Ordered](xs []T, p int) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[min(max((len(s)*p+99)/100-1, 0), len(s)-1)]
}

func round(d time.Duration) string {
	switch {
	case d >= 10*time.Second:
		return d.Round(100 * time.Millisecond).String()
	case d >= time.Second:
		return d.Round(10 * time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(time.Millisecond).String()
	}
	return d.Round(10 * time.Microsecond).String()
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return runtime.GOARCH
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return runtime.GOARCH
}

func memTotal() string {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "memory unknown"
	}
	f := strings.Fields(string(b))
	if len(f) >= 2 && f[0] == "MemTotal:" {
		kb, _ := strconv.ParseInt(f[1], 10, 64)
		return fmt.Sprintf("%d GiB RAM", (kb+(1<<19))>>20)
	}
	return "memory unknown"
}
