package web

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"lawreview/corpus"
	"lawreview/index"
	"lawreview/review"
	"lawreview/web/files"
	"lawreview/web/storage"
	"lawreview/web/storage/sqlite"
	"lawreview/web/workflow"
)

// The engine, corpus and index are real and shared by all tests: building
// them is the slow part (jieba dictionaries, the default law index).
var shared struct {
	once   sync.Once
	err    error
	engine workflow.Engine
	rules  []*review.Rule // every rule of the engine, manual checks too
	review *review.Engine // the engine behind it, for the precedent finders' grave flags
	laws   *corpus.Corpus
	search workflow.Searcher
	dir    string
}

func TestMain(m *testing.M) {
	code := m.Run()
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

func sharedEngine(t testing.TB) (workflow.Engine, *corpus.Corpus, workflow.Searcher) {
	t.Helper()
	shared.once.Do(func() {
		laws, err := corpus.Default()
		if err != nil {
			shared.err = err
			return
		}
		dir, err := os.MkdirTemp("", "lawreview-web-index-")
		if err != nil {
			shared.err = err
			return
		}
		shared.dir = dir
		ix, err := index.NewStore(dir).Open(nil, nil)
		if err != nil {
			shared.err = err
			return
		}
		e, err := review.New(review.Config{Laws: laws, Related: ix})
		if err != nil {
			shared.err = err
			return
		}
		shared.engine, shared.rules, shared.review, shared.laws, shared.search = workflow.NewEngine(e), e.Rules(), e, laws, workflow.NewSearcher(ix)
	})
	if shared.err != nil {
		t.Fatalf("build review engine: %v", shared.err)
	}
	return shared.engine, shared.laws, shared.search
}

// env is one server over a fresh database with two offices:
// office 1 (城关司法所) covers 东湖镇 and 西山街道, office 2 covers 南河镇;
// the bureau (城关县司法局) has office 1.
type env struct {
	t     *testing.T
	srv   *Server
	ts    *httptest.Server
	store *sqlite.Store
	files *files.Store
	dir   string
	clock *fakeClock
	users map[string]*storage.User
	pw    map[string]string
	towns map[string]int64

	clerkC, reviewerC *client // cached logins for fixtures
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

const testMaxUpload = 2 << 20

func newEnv(t *testing.T) *env {
	t.Helper()
	engine, laws, search := sharedEngine(t)
	dir := t.TempDir()
	st, err := sqlite.Open(filepath.Join(dir, "lawreview.db"))
	if err != nil {
		t.Fatal(err)
	}
	fs, err := files.Open(filepath.Join(dir, "files"))
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{t: time.Now()}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if testing.Verbose() && os.Getenv("WEB_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	// A sign-off starts its PDF: a fake printer keeps the tests that are
	// not about printing off the shared machine's browser; those that are
	// set workflow.DocxOpinion{} (the real one).
	srv, err := New(Config{Workflow: workflow.New(workflow.Config{Store: st, Files: fs, Engine: engine, Laws: laws, Search: search, Opinion: &fakePrinter{},
		Logger: log, MaxUpload: testMaxUpload, Now: clock.Now})})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, srv: srv, store: st, files: fs, dir: dir, clock: clock, users: map[string]*storage.User{}, pw: map[string]string{}, towns: map[string]int64{}}
	e.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		e.ts.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		srv.flow.Wait(ctx) // PDFs being kept write to the store and the directory
		st.Close()
	})
	ctx := context.Background()
	o1, _ := st.CreateOffice(ctx, "城关司法所")
	o2, _ := st.CreateOffice(ctx, "南河司法所")
	e.towns["东湖镇"], _ = st.CreateTownship(ctx, "东湖镇", o1)
	e.towns["西山街道"], _ = st.CreateTownship(ctx, "西山街道", o1)
	e.towns["南河镇"], _ = st.CreateTownship(ctx, "南河镇", o2)
	// The county 司法局 over office 1 (issue 16).
	bureau, _ := st.CreateBureau(ctx, "城关县司法局")
	if err := st.SetBureauOffices(ctx, bureau, []int64{o1}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []workflow.UserInput{
		{Username: "clerk", DisplayName: "张敏", Role: storage.RoleClerk, TownshipID: e.towns["东湖镇"]},
		{Username: "clerk2", DisplayName: "李强", Role: storage.RoleClerk, TownshipID: e.towns["西山街道"]},
		{Username: "clerk3", DisplayName: "赵六", Role: storage.RoleClerk, TownshipID: e.towns["南河镇"]},
		{Username: "reviewer", DisplayName: "王建国", Role: storage.RoleReviewer, OfficeID: o1},
		{Username: "reviewer1b", DisplayName: "刘副所长", Role: storage.RoleReviewer, OfficeID: o1},
		{Username: "reviewer2", DisplayName: "孙所长", Role: storage.RoleReviewer, OfficeID: o2},
		{Username: "adviser", DisplayName: "陈律师", Role: storage.RoleAdviser},
		{Username: "admin", DisplayName: "管理员", Role: storage.RoleAdmin},
		{Username: "bureau", DisplayName: "赵科长", Role: storage.RoleBureau, BureauID: bureau},
	} {
		u.Password = "pw-" + u.Username + "-123"
		id, _, err := workflow.CreateUser(ctx, st, u)
		if err != nil {
			t.Fatalf("create %s: %v", u.Username, err)
		}
		e.users[u.Username], _ = st.User(ctx, id)
		e.pw[u.Username] = u.Password
	}
	return e
}

// client is a logged-in API user.
type client struct {
	e    *env
	name string
	hc   *http.Client
	csrf string
}

func (e *env) anon() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (e *env) login(name string) *client {
	e.t.Helper()
	c := e.anon()
	c.name = name
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	if st := c.do("POST", "/api/v1/session", map[string]string{"username": name, "password": e.pw[name]}, &out); st != http.StatusOK {
		e.t.Fatalf("login %s: status %d", name, st)
	}
	c.csrf = out.CSRF
	return c
}

// do sends JSON (body may be nil) and decodes a JSON answer into out.
func (c *client) do(method, path string, body any, out any) int {
	c.e.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, c.e.ts.URL+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	return c.send(req, out)
}

func (c *client) send(req *http.Request, out any) int {
	c.e.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil {
		if p, ok := out.(*[]byte); ok {
			*p = b
		} else if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			if err := json.Unmarshal(b, out); err != nil {
				c.e.t.Fatalf("%s %s: decode %q: %v", req.Method, req.URL.Path, b, err)
			}
		}
	}
	return resp.StatusCode
}

// upload posts a multipart draft; fields may override the defaults.
func (c *client) upload(path, fileName string, content []byte, fields map[string]string, out any) int {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	def := map[string]string{"title": "测试草案", "type": "auto", "meeting_date": time.Now().AddDate(0, 0, 7).Format("2006-01-02"), "note": "测试"}
	for k, v := range fields {
		def[k] = v
	}
	for k, v := range def {
		if v != "-" {
			mw.WriteField(k, v)
		}
	}
	if fileName != "" {
		fw, _ := mw.CreateFormFile("file", fileName)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if c.csrf != "" {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	return c.send(req, out)
}

// A draft with known problems (fine, public shaming, petition ban,
// married-out women) so that the engine has findings to work with.
const villageRules = `东湖镇青山村村规民约（草案）

为了推进村民自治，维护本村生产生活秩序，根据《中华人民共和国村民委员会组织法》，经村民会议讨论，制定本村规民约。

一、对偷盗集体财物的，由村委会处以500元罚款，并在村务公开栏公开曝光。

二、村民不得越级上访，违者取消当年集体收益分配资格。

三、外嫁女及其子女户口虽未迁出，不再享受本村集体经济组织收益分配。

四、村民饲养家禽家畜应当圈养，不得散放。

五、本村规民约自村民会议通过之日起施行。
`

// uploadDraft uploads villageRules as clerk and returns the result.
func (e *env) uploadDraft(c *client) UploadResult {
	e.t.Helper()
	var res UploadResult
	if st := c.upload("/api/v1/documents", "村规民约.txt", []byte(villageRules), nil, &res); st != http.StatusCreated {
		e.t.Fatalf("upload: status %d", st)
	}
	return res
}

func (e *env) review(c *client, id int64) ReviewJSON {
	e.t.Helper()
	var r ReviewJSON
	if st := c.do("GET", fmt.Sprintf("/api/v1/reviews/%d", id), nil, &r); st != http.StatusOK {
		e.t.Fatalf("get review %d: status %d", id, st)
	}
	return r
}

// snapshot is what storage holds: row counts and the number of files.
type snapshot struct {
	Counts storage.Counts
	Files  int
}

func (e *env) snapshot() snapshot {
	e.t.Helper()
	// A sign-off's PDF is kept in the background: what is stored is what
	// is stored once it is.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	e.srv.flow.Wait(ctx)
	c, err := e.store.Counts(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	delete(c, "audit_log") // failures are audited on purpose
	delete(c, "sessions")
	n, err := e.files.Count()
	if err != nil {
		e.t.Fatal(err)
	}
	return snapshot{Counts: c, Files: n}
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func writeFile(path, content string) error { return os.WriteFile(path, []byte(content), 0o644) }

// newEnvEmpty is a store without any account, as on first start.
func newEnvEmpty(t *testing.T) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "empty.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func netPipe() (*io.PipeReader, *io.PipeWriter) { return io.Pipe() }

// acceptUnlawful accepts every open 违法 finding of a review: a reviewer
// must decide each before signing 合法 or 修改后合法. It returns how many
// it accepted.
func (e *env) acceptUnlawful(c *client, reviewID int64) int {
	e.t.Helper()
	n := 0
	for _, f := range e.review(c, reviewID).Findings {
		if f.Severity == review.SeverityError && f.State == "open" {
			if st := c.do("POST", fmt.Sprintf("/api/v1/reviews/%d/findings/%d", reviewID, f.ID), map[string]any{"action": "accept"}, nil); st != http.StatusOK {
				e.t.Fatalf("accept finding %d: %d", f.ID, st)
			}
			n++
		}
	}
	return n
}
