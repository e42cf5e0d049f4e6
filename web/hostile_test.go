package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"lawreview/corpus/extract"
	"lawreview/corpus/extract/extracttest"
	"lawreview/web/workflow"
)

// The hostile-input suite (issue 14): every file of extracttest.Files is
// uploaded to a server with the production upload limit and must be
// answered within hostileTime with the status its outcome calls for and,
// when refused, a Chinese message and no trace in storage; an accepted
// one must then open (review JSON and page) within hostileTime too. The
// bombs are also extracted in a child process whose peak RSS must stay
// under hostileRSS (TestHostileBombMemory).
//
// hostileTime is a hang guard, not a speed goal (those are in make bench):
// the largest file (1,500 unlawful clauses, 30,912 findings) answered
// within 30 s in every earlier clean-clone run and took 37 s at a load
// average of 22, so the guard sits well above both and far below "never
// answers".
const (
	hostileTime = 120 * time.Second
	hostileRSS  = 512 << 20
)

var hostile struct {
	once  sync.Once
	files []extracttest.File
}

func hostileFiles(t testing.TB) []extracttest.File {
	hostile.once.Do(func() {
		hostile.files = extracttest.Files(func(name string) []byte {
			b, err := os.ReadFile(filepath.Join("..", "corpus", "extract", "testdata", name))
			if err != nil {
				panic(err)
			}
			return b
		})
	})
	if len(hostile.files) < 40 {
		t.Fatalf("%d hostile files, want at least 40", len(hostile.files))
	}
	return hostile.files
}

// wantStatus is the HTTP answer to an outcome.
func wantStatus(f extracttest.File) []int {
	switch f.Want {
	case extracttest.Accepted:
		return []int{http.StatusCreated}
	case extracttest.Limit:
		return []int{http.StatusUnprocessableEntity, http.StatusRequestEntityTooLarge}
	case extracttest.BadName:
		return []int{http.StatusBadRequest, http.StatusUnsupportedMediaType}
	}
	switch extract.Code(f.Want) {
	case extract.CodeTooLarge, extract.CodeZipBomb, extract.CodeTooLong:
		return []int{http.StatusRequestEntityTooLarge}
	case extract.CodeUnsupported:
		return []int{http.StatusUnsupportedMediaType}
	}
	return []int{http.StatusUnprocessableEntity}
}

// uploadNamed uploads content under name, sent RFC 5987-encoded
// (filename*) so that any character reaches the server as it is.
func (c *client) uploadNamed(name string, content []byte, out any) int {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("meeting_date", time.Now().AddDate(0, 0, 7).Format("2006-01-02"))
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="file"; filename*=UTF-8''`+rfc5987(name))
	h.Set("Content-Type", "application/octet-stream")
	w, _ := mw.CreatePart(h)
	w.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+"/api/v1/documents", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set(csrfHeader, c.csrf)
	return c.send(req, out)
}

func TestHostileFiles(t *testing.T) {
	files := hostileFiles(t)
	e := newEnv(t)
	e.srv.flow.MaxUpload = 20 << 20 // the production default: the suite's sizes are made for it
	clerk, rev := e.login("clerk"), e.login("reviewer")
	classes := map[string]int{}
	for _, f := range files {
		classes[f.Class]++
		t.Run(f.Class+"/"+f.Note, func(t *testing.T) {
			before := e.snapshot()
			var body map[string]any
			start := time.Now()
			st := clerk.uploadNamed(f.Name, f.Data, &body)
			took := time.Since(start)
			if took > hostileTime {
				t.Errorf("answered in %v, budget %v", took.Round(time.Millisecond), hostileTime)
			}
			if !containsInt(wantStatus(f), st) {
				t.Fatalf("status %d %v, want %v (%s)", st, body, wantStatus(f), f.Want)
			}
			if st != http.StatusCreated {
				if msg, _ := body["error"].(string); !hasHan(msg) {
					t.Errorf("refusal without a Chinese message: %v", body)
				}
				if after := e.snapshot(); !reflect.DeepEqual(before, after) {
					t.Errorf("a refused file left a trace:\nbefore %+v\nafter  %+v", before, after)
				}
				return
			}
			id := int64(body["review_id"].(float64))
			for _, path := range []string{fmt.Sprintf("/api/v1/reviews/%d", id), fmt.Sprintf("/reviews/%d", id)} {
				start := time.Now()
				var page []byte
				if st := rev.do("GET", path, nil, &page); st != http.StatusOK {
					t.Errorf("GET %s: %d", path, st)
				}
				if took := time.Since(start); took > hostileTime {
					t.Errorf("GET %s took %v, budget %v", path, took.Round(time.Millisecond), hostileTime)
				}
			}
		})
	}
	for _, c := range []string{"bomb", "nesting", "budget", "truncation", "encoding", "name"} {
		if classes[c] == 0 {
			t.Errorf("no %s file in the suite", c)
		}
	}
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// hostileChildEnv names the file a re-executed test binary extracts.
const hostileChildEnv = "LAWREVIEW_HOSTILE_CHILD"

// TestHostileChild is the child of TestHostileBombMemory: it runs one file
// through what an upload runs (extraction with the server's limits, the
// name check, then the review) and prints the outcome as JSON.
func TestHostileChild(t *testing.T) {
	path := os.Getenv(hostileChildEnv)
	if path == "" {
		t.Skip("runs only as the child of TestHostileBombMemory")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{"status": "201"}
	xd, err := workflow.ExtractDraft(os.Getenv(hostileChildEnv+"_NAME"), data, 20<<20)
	if err == nil {
		engine, _, _ := sharedEngine(t)
		_, err = engine.Review(t.Context(), workflow.ReviewInput{File: "draft", Text: xd.Text, Paragraphs: xd.Paragraphs})
		if err != nil {
			err = workflow.ReviewError("draft", err)
		}
	}
	if err != nil {
		ue := asUserError(err)
		out["status"], out["error"] = strconv.Itoa(ue.Status), ue.Msg
	}
	// Peak RSS of this process image (VmHWM restarts at exec; the rusage
	// of a child started by fork counts the parent's memory too).
	out["vmhwm_kb"] = procStatus(os.Getpid(), "VmHWM")
	b, _ := json.Marshal(out)
	fmt.Printf("HOSTILE %s\n", b)
}

// TestHostileBombMemory extracts every bomb in a child process and reads
// its peak RSS: issue 14's 3 MB PDF took 4-5 GB. A watchdog kills a child
// past three times the budget, so that a regression cannot take the
// shared machine down with it.
func TestHostileBombMemory(t *testing.T) {
	if os.Getenv(hostileChildEnv) != "" {
		t.Skip("child")
	}
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs /proc to watch the child's memory")
	}
	dir := t.TempDir()
	for _, f := range hostileFiles(t) {
		if !f.Bomb() {
			continue
		}
		t.Run(f.Note, func(t *testing.T) {
			path := filepath.Join(dir, "bomb")
			if err := os.WriteFile(path, f.Data, 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestHostileChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), hostileChildEnv+"="+path, hostileChildEnv+"_NAME="+f.Name)
			var stdout bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stdout
			start := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			killed := watchRSS(cmd.Process.Pid, 3*hostileRSS)
			err := cmd.Wait()
			took := time.Since(start)
			if killed() {
				t.Fatalf("child killed past %d MB", 3*hostileRSS>>20)
			}
			if err != nil {
				t.Fatalf("child failed: %v\n%s", err, stdout.String())
			}
			var res map[string]string
			for sc := bufio.NewScanner(&stdout); sc.Scan(); {
				if line, ok := strings.CutPrefix(sc.Text(), "HOSTILE "); ok {
					_ = json.Unmarshal([]byte(line), &res)
				}
			}
			kb, _ := strconv.ParseInt(res["vmhwm_kb"], 10, 64)
			peak := kb << 10
			t.Logf("%s: peak RSS %d MB, %v", f.Name, peak>>20, took.Round(time.Millisecond))
			if peak == 0 || peak > hostileRSS {
				t.Errorf("peak RSS %d MB, budget %d MB", peak>>20, hostileRSS>>20)
			}
			if took > hostileTime {
				t.Errorf("took %v, budget %v", took, hostileTime)
			}
			st, _ := strconv.Atoi(res["status"])
			if !containsInt(wantStatus(f), st) || !hasHan(res["error"]) {
				t.Errorf("child answered %v, want %v with a Chinese message", res, wantStatus(f))
			}
		})
	}
}

// procStatus is a field of /proc/<pid>/status in kB ("" when unknown).
func procStatus(pid int, field string) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return ""
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			return strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))
		}
	}
	return ""
}

// watchRSS polls the resident memory of pid and kills it past limit; the
// returned function reports whether it did.
func watchRSS(pid int, limit int64) func() bool {
	var mu sync.Mutex
	killed := false
	go func() {
		for {
			v := procStatus(pid, "VmRSS")
			if v == "" {
				return // exited
			}
			if kb, _ := strconv.ParseInt(v, 10, 64); kb<<10 > limit {
				mu.Lock()
				killed = true
				mu.Unlock()
				_ = syscall.Kill(pid, syscall.SIGKILL)
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	return func() bool {
		mu.Lock()
		defer mu.Unlock()
		return killed
	}
}
