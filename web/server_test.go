package web

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/web/storage"
	"lawreview/web/workflow"
)

func TestLoginThrottle(t *testing.T) {
	e := newEnv(t)
	c := e.anon()
	for i := 0; i < 5; i++ {
		if st := c.do("POST", "/api/v1/session", map[string]string{"username": "clerk", "password": "wrong-password"}, nil); st != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d, want 401", i, st)
		}
	}
	var body map[string]any
	// Locked now, even with the right password.
	if st := c.do("POST", "/api/v1/session", map[string]string{"username": "clerk", "password": e.pw["clerk"]}, &body); st != http.StatusTooManyRequests || !strings.Contains(fmt.Sprint(body["error"]), "分钟后再试") {
		t.Fatalf("locked: %d %v", st, body)
	}
	e.clock.Add(16 * time.Minute)
	if st := c.do("POST", "/api/v1/session", map[string]string{"username": "clerk", "password": e.pw["clerk"]}, nil); st != http.StatusOK {
		t.Fatalf("after the lock: %d", st)
	}
	// Failed logins are audited with the address.
	log, _ := e.store.AuditLog(context.Background(), 100, 0)
	failed := 0
	for _, a := range log {
		if a.Action == "login_failed" && a.IP != "" {
			failed++
		}
	}
	if failed != 5 {
		t.Errorf("%d failed logins audited, want 5", failed)
	}
}

// The login form: double-submit token, a wrong password shows the form
// again with a Chinese message, the right one sets an HttpOnly SameSite
// cookie and redirects to the page asked for.
func TestLoginForm(t *testing.T) {
	e := newEnv(t)
	c := e.anon()
	var page []byte
	c.do("GET", "/login?next=/documents", nil, &page)
	tok := regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(page)
	if tok == nil {
		t.Fatal("no token in the login form")
	}
	post := func(token, pw, next string) *http.Response {
		form := url.Values{"csrf_token": {token}, "username": {"clerk"}, "password": {pw}, "next": {next}}
		req, _ := http.NewRequest("POST", e.ts.URL+"/login", strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := c.hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if r := post("forged", e.pw["clerk"], "/"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("forged token: %d", r.StatusCode)
	}
	if r := post(string(tok[1]), "wrong-password", "/"); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", r.StatusCode)
	}
	// The failed attempt rotated the token; fetch the new one.
	c.do("GET", "/login", nil, &page)
	tok = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`).FindSubmatch(page)
	r := post(string(tok[1]), e.pw["clerk"], "//evil.example/x")
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("login: %d %q (an external next must not be followed)", r.StatusCode, r.Header.Get("Location"))
	}
	var ck *http.Cookie
	for _, x := range r.Cookies() {
		if x.Name == sessionCookie {
			ck = x
		}
	}
	if ck == nil || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie %+v", ck)
	}
}

func TestEnsureAdmin(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var out bytes.Buffer
	if err := workflow.EnsureAdmin(ctx, e.store, &out); err != nil || out.Len() != 0 {
		t.Fatalf("accounts exist: %v, printed %q", err, out.String())
	}
	fresh := newEnvEmpty(t)
	if err := workflow.EnsureAdmin(ctx, fresh, &out); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`密码：(\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no password printed: %q", out.String())
	}
	u, err := fresh.UserByName(ctx, "admin")
	if err != nil || u.Role != storage.RoleAdmin {
		t.Fatalf("admin: %v %+v", err, u)
	}
	out.Reset()
	workflow.EnsureAdmin(ctx, fresh, &out)
	if out.Len() != 0 {
		t.Error("second start printed a password again")
	}
}

func TestRequestIDAndHealth(t *testing.T) {
	e := newEnv(t)
	req, _ := http.NewRequest("GET", e.ts.URL+"/healthz", nil)
	req.Header.Set("X-Request-ID", "abc-123")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("X-Request-ID") != "abc-123" {
		t.Fatalf("healthz %d, request id %q", resp.StatusCode, resp.Header.Get("X-Request-ID"))
	}
	req.Header.Set("X-Request-ID", "<script>")
	resp, _ = http.DefaultClient.Do(req)
	resp.Body.Close()
	if id := resp.Header.Get("X-Request-ID"); id == "<script>" || id == "" {
		t.Fatalf("unsafe request id echoed: %q", id)
	}
}

// Shutdown lets a request in flight finish.
func TestGracefulShutdown(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan net.Addr, 1)
	done := make(chan error, 1)
	go func() { done <- e.srv.Serve(ctx, "127.0.0.1:0", func(a net.Addr) { addrc <- a }) }()
	addr := <-addrc
	c2 := e.login("clerk")
	// A slow upload: the body arrives after shutdown has begun.
	pr, pw := netPipe()
	result := make(chan int, 1)
	go func() {
		req, _ := http.NewRequest("POST", "http://"+addr.String()+"/api/v1/documents", pr)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-CSRF-Token", c2.csrf)
		resp, err := c2.hc.Do(req)
		if err != nil {
			result <- -1
			return
		}
		resp.Body.Close()
		result <- resp.StatusCode
	}()
	time.Sleep(200 * time.Millisecond)
	cancel()
	time.Sleep(100 * time.Millisecond)
	pw.Write([]byte(`{}`))
	pw.Close()
	if st := <-result; st != http.StatusBadRequest { // JSON instead of multipart: answered, not cut off
		t.Errorf("in-flight request: %d, want its normal answer 400", st)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

// segments must cover the text exactly, in order, whatever the findings.
func FuzzSegments(f *testing.F) {
	f.Add("一、对偷盗集体财物的，处以500元罚款。", 3, 8, 5, 12)
	f.Add("", 0, 0, 0, 0)
	f.Add("ab", -1, 5, 1, 1)
	f.Fuzz(func(t *testing.T, text string, s1, e1, s2, e2 int) {
		fs := []storage.Finding{{ID: 1, Start: s1, End: e1, Severity: review.SeverityError}, {ID: 2, Start: s2, End: e2, Severity: review.SeverityWarning, State: decision.FindingDismissed}}
		segs := segments(text, fs)
		var b strings.Builder
		pos := 0
		for _, s := range segs {
			if s.Start != pos {
				t.Fatalf("segment starts at %d, want %d", s.Start, pos)
			}
			b.WriteString(s.Text)
			pos += len([]rune(s.Text))
		}
		if b.String() != string([]rune(text)) {
			t.Fatalf("segments rebuild %q, want %q", b.String(), text)
		}
	})
}

// blocks must show every character of the text once, in order, but the
// line breaks that join a table's cells, whatever the findings; a table
// row's cells hold exactly the row's cell texts.
func FuzzBlocks(f *testing.F) {
	f.Add("对违反本村规民约的，按下表处理：\n\n| 违反情形 | 处理方式 |\n|---|---|\n| 偷砍集体林木 | 罚款500元 |\n| 参与赌博 | 取消分红 |\n\n本公约自公布之日起施行。", 20, 40, 35, 60)
	f.Add("| a | b |\n|---|---|\n| c | d |", 0, 3, 2, 9)
	f.Add("无表格的正文。", 1, 2, -1, 3)
	f.Fuzz(func(t *testing.T, md string, s1, e1, s2, e2 int) {
		xd, err := workflow.ExtractDraft("a.md", []byte(md), 1<<20)
		if err != nil {
			return
		}
		rows := workflow.TableRowsOf(xd.Paragraphs, xd.Text)
		fs := []storage.Finding{{ID: 1, Start: s1, End: e1, Severity: review.SeverityError}, {ID: 2, Start: s2, End: e2, Severity: review.SeverityWarning}}
		text := []rune(xd.Text)
		pos := 0
		var shown []segment
		for _, b := range blocks(xd.Text, fs, rows) {
			if (b.Cells == nil) == (b.Segments == nil) {
				t.Fatalf("block %+v is neither text nor a row", b)
			}
			shown = append(shown, b.Segments...)
			for _, c := range b.Cells {
				shown = append(shown, c...)
			}
		}
		for _, sg := range shown {
			if sg.Start < pos {
				t.Fatalf("segment at %d after %d", sg.Start, pos)
			}
			for _, r := range text[pos:sg.Start] {
				if r != '\n' {
					t.Fatalf("%q left out before %d", r, sg.Start)
				}
			}
			if got := string(text[sg.Start : sg.Start+len([]rune(sg.Text))]); got != sg.Text {
				t.Fatalf("segment %q at %d, text there %q", sg.Text, sg.Start, got)
			}
			pos = sg.Start + len([]rune(sg.Text))
		}
		for _, r := range text[pos:] {
			if r != '\n' {
				t.Fatalf("%q left out at the end", r)
			}
		}
	})
}

// A client cannot choose the address the audit log records (and the
// login throttle counts) by sending X-Forwarded-For.
func TestForwardedForIgnored(t *testing.T) {
	e := newEnv(t)
	body := strings.NewReader(`{"username":"clerk","password":"wrong-password"}`)
	req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/session", body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Forwarded-For", "10.9.9.9")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	log, _ := e.store.AuditLog(context.Background(), 10, 0)
	if len(log) == 0 || log[0].IP != "127.0.0.1" {
		t.Fatalf("audited address %+v, want 127.0.0.1", log)
	}
}
