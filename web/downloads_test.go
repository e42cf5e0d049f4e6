package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"

	"lawreview/corpus/extract"
	"lawreview/review/opinion"
	"lawreview/web/workflow"
)

// get fetches path with the client's cookies and returns the response
// headers and body.
func (c *client) get(path string) (int, http.Header, []byte) {
	c.e.t.Helper()
	req, _ := http.NewRequest("GET", c.e.ts.URL+path, nil)
	resp, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

const replacementWording = "对偷盗集体财物的，报请公安机关依法处理。"

// signed uploads a draft (as fileName with content), accepts every engine
// finding that quotes text, adds a reviewer's own finding on 圈养 and gives
// the fine clause replacement wording, then signs off. It returns the fixture
// and the accepted findings as the API shows them after sign-off.
func (e *env) signed(fileName string, content []byte) (fixture, []FindingJSON) {
	e.t.Helper()
	if e.clerkC == nil {
		e.clerkC, e.reviewerC = e.login("clerk"), e.login("reviewer")
	}
	var res UploadResult
	if st := e.clerkC.upload("/api/v1/documents", fileName, content, map[string]string{"title": "青山村村规民约（草案）"}, &res); st != http.StatusCreated {
		e.t.Fatalf("upload %s: %d", fileName, st)
	}
	rev := e.reviewerC
	r := e.review(rev, res.ReviewID)
	base := fmt.Sprintf("/api/v1/reviews/%d/findings", res.ReviewID)
	fine := int64(0)
	for _, f := range r.Findings {
		if f.Quote == "" {
			continue
		}
		if st := rev.do("POST", fmt.Sprintf("%s/%d", base, f.ID), map[string]any{"action": "accept"}, nil); st != 200 {
			e.t.Fatalf("accept %d: %d", f.ID, st)
		}
		if fine == 0 && strings.Contains(f.Quote, "罚款") {
			fine = f.ID
		}
	}
	if fine == 0 {
		e.t.Fatal("no finding quotes the fine")
	}
	if st := rev.do("POST", fmt.Sprintf("%s/%d", base, fine), map[string]any{"action": "edit", "replacement": replacementWording}, nil); st != 200 {
		e.t.Fatalf("replacement: %d", st)
	}
	at := strings.Index(r.Text, "圈养")
	start := len([]rune(r.Text[:at]))
	if st := rev.do("POST", base, map[string]any{"start": start, "end": start + 2, "message": "“圈养”的要求应给出过渡期", "suggestion": "增加过渡期"}, nil); st != 201 {
		e.t.Fatalf("own finding: %d", st)
	}
	r = e.review(rev, res.ReviewID)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", res.ReviewID), map[string]any{"row_version": r.RowVersion, "conclusion": "修改后合法", "opinion": "请删除罚款条款后提交村民会议讨论。"}, nil); st != 200 {
		e.t.Fatalf("signoff: %d", st)
	}
	r = e.review(rev, res.ReviewID)
	var accepted []FindingJSON
	for _, f := range r.Findings {
		if f.State == "accepted" {
			accepted = append(accepted, f)
		}
	}
	return fixture{doc: res.DocumentID, version: res.VersionID, review: res.ReviewID}, accepted
}

func zipPart(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip (%d bytes): %v", len(data), err)
	}
	for _, f := range zr.File {
		if f.Name == name {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	return nil
}

// validDocx fails unless data is a Word package with a main document.
func validDocx(t *testing.T, what string, data []byte) {
	t.Helper()
	if zipPart(t, data, "word/document.xml") == nil {
		t.Errorf("%s: no word/document.xml", what)
	}
}

type wordComment struct {
	Author string `xml:"author,attr"`
	Text   string `xml:",chardata"`
	Paras  []struct {
		Runs []struct {
			T []string `xml:"t"`
		} `xml:"r"`
	} `xml:"p"`
}

func (c wordComment) text() string {
	var b strings.Builder
	for _, p := range c.Paras {
		for _, r := range p.Runs {
			b.WriteString(strings.Join(r.T, ""))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func wordComments(t *testing.T, data []byte) []wordComment {
	t.Helper()
	raw := zipPart(t, data, "word/comments.xml")
	if raw == nil {
		t.Fatal("annotated draft has no word/comments.xml")
	}
	var doc struct {
		Comments []wordComment `xml:"comment"`
	}
	if err := xml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("comments.xml: %v", err)
	}
	return doc.Comments
}

// After sign-off every download answers with the right type, a Chinese
// file name encoded per RFC 6266/5987 and a file that opens.
func TestDownloadsAfterSignoff(t *testing.T) {
	e := newEnv(t)
	f, _ := e.signed("村规民约.txt", []byte(villageRules))
	pdfOK := e.srv.flow.PDFAvailable()
	name := func(prefix, ext string) string { return prefix + "-青山村村规民约（草案）." + ext }
	cases := []struct {
		path, ctype, file string
		pdf               bool
	}{
		{"/documents/%d/opinion/file", workflow.DocxContentType, name("合法性审查意见书", "docx"), false},
		{"/api/v1/documents/%d/opinion?format=docx", workflow.DocxContentType, name("合法性审查意见书", "docx"), false},
		{"/documents/%d/opinion/pdf", workflow.PDFContentType, name("合法性审查意见书", "pdf"), true},
		{"/api/v1/documents/%d/opinion?format=pdf", workflow.PDFContentType, name("合法性审查意见书", "pdf"), true},
		{"/documents/%d/annotated", workflow.DocxContentType, name("批注稿", "docx"), false},
		{"/api/v1/documents/%d/annotated", workflow.DocxContentType, name("批注稿", "docx"), false},
		{"/documents/%d/suggested", workflow.DocxContentType, name("修改建议稿", "docx"), false},
		{"/api/v1/documents/%d/suggested", workflow.DocxContentType, name("修改建议稿", "docx"), false},
	}
	for _, who := range []string{"clerk", "reviewer"} {
		cl := e.login(who)
		for _, c := range cases {
			path := fmt.Sprintf(c.path, f.doc)
			t.Run(who+" "+path, func(t *testing.T) {
				if c.pdf && !pdfOK {
					t.Skip("no Chromium or LibreOffice: PDF is not offered")
				}
				st, h, body := cl.get(path)
				if st != http.StatusOK {
					t.Fatalf("status %d: %s", st, body)
				}
				if got := h.Get("Content-Type"); got != c.ctype {
					t.Errorf("Content-Type %q, want %q", got, c.ctype)
				}
				cd := h.Get("Content-Disposition")
				want := "filename*=UTF-8''" + url.PathEscape(c.file)
				if !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, want) {
					t.Errorf("Content-Disposition %q, want attachment with %q", cd, want)
				}
				if m := regexp.MustCompile(`filename="([^"]*)"`).FindStringSubmatch(cd); m == nil || strings.ContainsFunc(m[1], func(r rune) bool { return r > 127 }) {
					t.Errorf("Content-Disposition %q lacks an ASCII filename", cd)
				}
				if c.pdf {
					if !bytes.HasPrefix(body, []byte("%PDF-")) {
						t.Errorf("not a PDF: %q", body[:min(20, len(body))])
					}
				} else {
					validDocx(t, path, body)
				}
			})
		}
	}
	// The JSON answer of the API is unchanged without format; a bad format is refused.
	var op map[string]any
	if st := e.login("clerk").do("GET", fmt.Sprintf("/api/v1/documents/%d/opinion", f.doc), nil, &op); st != 200 || op["Conclusion"] != "修改后合法" {
		t.Errorf("opinion JSON: %d %v", st, op)
	}
	var bad map[string]any
	if st := e.login("clerk").do("GET", fmt.Sprintf("/api/v1/documents/%d/opinion?format=odt", f.doc), nil, &bad); st != 400 || bad["error"] == "" {
		t.Errorf("format=odt: %d %v", st, bad)
	}
}

// Who may download: whoever may read the signed opinion, checked on the
// server for every route, as every role, including clerks of another
// township (clerk2: same office; clerk3: another office) and the bureau
// of the office.
func TestDownloadsByRole(t *testing.T) {
	e := newEnv(t)
	f, _ := e.signed("村规民约.txt", []byte(villageRules))
	// The adviser is assigned to this review.
	if st := e.login("reviewer").do("POST", fmt.Sprintf("/api/v1/reviews/%d/advisers", f.review), map[string]any{"user_id": e.users["adviser"].ID}, nil); st != 200 {
		t.Fatalf("assign adviser: %d", st)
	}
	// Printing is not what this test is about: a fake printer keeps it fast.
	e.srv.flow.Opinion = &fakePrinter{}
	allowed := map[string]bool{"clerk": true, "reviewer": true, "reviewer1b": true, "adviser": true}
	paths := []string{"/documents/%d/opinion/pdf", "/documents/%d/annotated", "/documents/%d/suggested",
		"/api/v1/documents/%d/opinion?format=pdf", "/api/v1/documents/%d/opinion?format=docx", "/api/v1/documents/%d/annotated", "/api/v1/documents/%d/suggested"}
	clients := map[string]*client{"": e.anon()}
	for _, r := range append(allRoles[1:], "reviewer1b") {
		clients[r] = e.login(r)
	}
	for _, p := range paths {
		path := fmt.Sprintf(p, f.doc)
		api := strings.HasPrefix(path, "/api/")
		for role, cl := range clients {
			// Those who may not read the document get what a missing one
			// gets: 404, so that nobody learns which ids exist.
			want := http.StatusNotFound
			switch {
			case allowed[role]:
				want = http.StatusOK
			case role == "bureau":
				// The bureau knows this document: its office's signed
				// opinion is in the bureau's register, where it reads it
				// (/register/{id}/opinion). It reads nothing through the
				// document's routes, which serve the draft's readers.
				want = http.StatusForbidden
			case role == "" && api:
				want = http.StatusUnauthorized
			case role == "":
				want = http.StatusSeeOther
			}
			st, h, body := cl.get(path)
			if st != want {
				t.Errorf("%s as %q: %d, want %d", path, role, st, want)
			}
			if st >= 400 && api && (!strings.HasPrefix(h.Get("Content-Type"), "application/json") || !hasHan(string(body))) {
				t.Errorf("%s as %q: error without a Chinese JSON message: %s", path, role, body)
			}
		}
	}
}

// Before sign-off nothing is there to download, and an opinion without
// replacement wording has no 修改建议稿.
func TestDownloadsBeforeSignoff(t *testing.T) {
	e := newEnv(t)
	e.srv.flow.Opinion = &fakePrinter{}
	f := e.fixture()
	for _, p := range []string{"/documents/%d/opinion/pdf", "/documents/%d/annotated", "/documents/%d/suggested",
		"/api/v1/documents/%d/opinion?format=pdf", "/api/v1/documents/%d/annotated", "/api/v1/documents/%d/suggested"} {
		path := fmt.Sprintf(p, f.doc)
		for _, who := range []string{"clerk", "reviewer"} {
			if st, _, body := e.login(who).get(path); st != http.StatusNotFound || !strings.Contains(string(body), "尚未签发") {
				t.Errorf("%s as %s before sign-off: %d %s", path, who, st, body)
			}
		}
	}
	// Signed without any replacement wording.
	rev := e.login("reviewer")
	r := e.review(rev, f.review)
	e.acceptUnlawful(rev, f.review)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", f.review), map[string]any{"row_version": r.RowVersion, "conclusion": "修改后合法", "opinion": "请修改。"}, nil); st != 200 {
		t.Fatal(st)
	}
	if st, _, body := rev.get(fmt.Sprintf("/api/v1/documents/%d/suggested", f.doc)); st != http.StatusNotFound || !strings.Contains(string(body), "替换措辞") {
		t.Errorf("suggested without replacement wording: %d %s", st, body)
	}
	if st, _, _ := rev.get(fmt.Sprintf("/api/v1/documents/%d/annotated", f.doc)); st != http.StatusOK {
		t.Errorf("annotated: %d", st)
	}
	_, _, page := rev.get(fmt.Sprintf("/reviews/%d", f.review))
	if strings.Contains(string(page), `id="dl-suggested"`) {
		t.Error("review page offers a 修改建议稿 without replacement wording")
	}
	if !strings.Contains(string(page), `id="dl-annotated"`) {
		t.Error("review page does not offer the 批注稿")
	}
}

// The 批注稿 has one Word comment per accepted finding, by the reviewer,
// holding problem, basis and fix; the draft's text is unchanged (the
// project's extractor reads the same text); LibreOffice opens it and the
// quotes are in its PDF. The same for the 修改建议稿 with tracked changes.
func TestAnnotatedDraft(t *testing.T) {
	e := newEnv(t)
	lines := strings.Split(strings.TrimRight(villageRules, "\n"), "\n")
	for _, c := range []struct {
		file    string
		content []byte
	}{
		{"村规民约.docx", docx(t, lines...)},
		{"村规民约.txt", []byte(villageRules)},
	} {
		t.Run(c.file, func(t *testing.T) {
			f, accepted := e.signed(c.file, c.content)
			if len(accepted) < 2 {
				t.Fatalf("only %d accepted findings", len(accepted))
			}
			clerk := e.login("clerk")
			st, _, ann := clerk.get(fmt.Sprintf("/documents/%d/annotated", f.doc))
			if st != 200 {
				t.Fatalf("annotated: %d %s", st, ann)
			}
			xd, err := extract.Bytes("批注稿.docx", ann, extract.Options{})
			if err != nil {
				t.Fatalf("extractor cannot open the 批注稿: %v", err)
			}
			r := e.review(clerk, f.review)
			if norm(xd.Text) != norm(r.Text) {
				t.Errorf("批注稿 text differs from the reviewed text:\n%q\n%q", xd.Text, r.Text)
			}
			cs := wordComments(t, ann)
			if len(cs) != len(accepted) {
				t.Fatalf("%d comments, want one per accepted finding (%d)", len(cs), len(accepted))
			}
			for i, fd := range accepted {
				text := cs[i].text()
				if cs[i].Author != "王建国" {
					t.Errorf("comment %d author %q, want the reviewer", i, cs[i].Author)
				}
				if !strings.Contains(text, fd.Message) {
					t.Errorf("comment %d %q lacks the problem %q", i, text, fd.Message)
				}
				if len(fd.Basis) > 0 && !strings.Contains(text, "依据：《"+fd.Basis[0].Law+"》"+fd.Basis[0].Article) {
					t.Errorf("comment %d %q lacks the basis %s %s", i, text, fd.Basis[0].Law, fd.Basis[0].Article)
				}
				if fd.Suggestion != "" && !strings.Contains(text, fd.Suggestion) {
					t.Errorf("comment %d %q lacks the fix %q", i, text, fd.Suggestion)
				}
			}
			st, _, sug := clerk.get(fmt.Sprintf("/documents/%d/suggested", f.doc))
			if st != 200 {
				t.Fatalf("suggested: %d %s", st, sug)
			}
			doc := string(zipPart(t, sug, "word/document.xml"))
			if !strings.Contains(doc, "<w:ins ") || !strings.Contains(doc, replacementWording) || !strings.Contains(doc, "<w:del ") {
				t.Errorf("修改建议稿 has no tracked change to %q", replacementWording)
			}
			// LibreOffice opens both; the quotes and the replacement are in the PDFs.
			if _, so := opinion.Available(); !so {
				t.Skip("LibreOffice not installed")
			}
			if _, err := exec.LookPath("pdftotext"); err != nil {
				t.Skip("pdftotext not installed")
			}
			var wg sync.WaitGroup
			texts := make([]string, 2)
			for i, d := range [][]byte{ann, sug} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					texts[i] = sofficeText(t, d)
				}()
			}
			wg.Wait()
			for _, fd := range accepted {
				if !strings.Contains(norm(texts[0]), norm(fd.Quote)) {
					t.Errorf("LibreOffice's PDF of the 批注稿 lacks the quote %q", fd.Quote)
				}
			}
			if !strings.Contains(norm(texts[1]), norm(replacementWording)) {
				t.Errorf("LibreOffice's PDF of the 修改建议稿 lacks the replacement %q", replacementWording)
			}
		})
	}
}

func norm(s string) string { return strings.Join(strings.Fields(s), "") }

// sofficeText converts a .docx to PDF with LibreOffice and returns its text.
func sofficeText(t *testing.T, docxData []byte) string {
	pdf, err := opinion.DOCXToPDF(context.Background(), docxData)
	if err != nil {
		t.Errorf("LibreOffice: %v", err)
		return ""
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Errorf("pdftotext: %v", err)
	}
	return string(out)
}

// fakePrinter prints an opinion as a tiny PDF naming its revision and
// counts how often it was asked, to see what is kept. With hold set its
// jobs run until release is called.
type fakePrinter struct {
	workflow.DocxOpinion
	mu    sync.Mutex
	calls int
	off   bool
	fail  bool
	hold  chan struct{}
}

func (p *fakePrinter) PDFAvailable() bool { return !p.off }
func (p *fakePrinter) StartPDF(op *workflow.Opinion) (workflow.PDFJob, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	j := &fakeJob{done: make(chan struct{}), pdf: []byte(fmt.Sprintf("%%PDF-1.4 revision %d %s", op.Revision, op.Opinion))}
	if p.fail {
		j.pdf, j.err = nil, errors.New("renderer crashed")
	}
	if p.hold == nil {
		close(j.done)
	} else {
		go func(hold chan struct{}) { <-hold; close(j.done) }(p.hold)
	}
	return j, nil
}

func (p *fakePrinter) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.calls
}

type fakeJob struct {
	done chan struct{}
	pdf  []byte
	err  error
}

func (j *fakeJob) Done() <-chan struct{} { return j.done }
func (j *fakeJob) State() opinion.JobState {
	select {
	case <-j.done:
		if j.err != nil {
			return opinion.JobFailed
		}
		return opinion.JobDone
	default:
		return opinion.JobRunning
	}
}
func (j *fakeJob) Result() ([]byte, error) {
	select {
	case <-j.done:
		return j.pdf, j.err
	default:
		return nil, opinion.ErrPDFPending
	}
}

// A PDF is printed once per signed revision; after reopening and signing
// again the new opinion is printed, never the old one served.
func TestOpinionPDFCache(t *testing.T) {
	e := newEnv(t)
	fp := &fakePrinter{}
	e.srv.flow.Opinion = fp
	f, _ := e.signed("村规民约.txt", []byte(villageRules))
	clerk := e.login("clerk")
	path := fmt.Sprintf("/documents/%d/opinion/pdf", f.doc)
	_, _, first := clerk.get(path)
	_, _, again := clerk.get(path)
	if !bytes.Equal(first, again) || fp.calls != 1 || !bytes.Contains(first, []byte("revision 1")) {
		t.Fatalf("second download printed again or differs: calls %d, %q / %q", fp.calls, first, again)
	}
	rev := e.login("reviewer")
	r := e.review(rev, f.review)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/reopen", f.review), map[string]any{"row_version": r.RowVersion, "reason": "补充意见"}, nil); st != 200 {
		t.Fatalf("reopen: %d", st)
	}
	if st, _, _ := clerk.get(path); st != http.StatusNotFound {
		t.Errorf("PDF of a reopened review: %d, want 404", st)
	}
	r = e.review(rev, f.review)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", f.review), map[string]any{"row_version": r.RowVersion, "conclusion": "修改后合法", "opinion": "第二轮意见。"}, nil); st != 200 {
		t.Fatalf("sign again: %d", st)
	}
	_, _, second := clerk.get(path)
	if !bytes.Contains(second, []byte("revision 2 第二轮意见。")) || fp.calls != 2 {
		t.Errorf("after re-signing: calls %d, got %q", fp.calls, second)
	}
}

// Without Chromium and LibreOffice the pages say so and do not offer the
// button; the routes answer 503 with the same Chinese message.
func TestNoPDFRenderer(t *testing.T) {
	e := newEnv(t)
	e.srv.flow.Opinion = &fakePrinter{off: true}
	f, _ := e.signed("村规民约.txt", []byte(villageRules))
	const msg = "本机无法生成 PDF，请下载 Word 版本后打印或另存为 PDF"
	for _, who := range []string{"clerk", "reviewer"} {
		cl := e.login(who)
		for _, page := range []string{fmt.Sprintf("/documents/%d", f.doc), fmt.Sprintf("/reviews/%d", f.review)} {
			_, _, b := cl.get(page)
			s := string(b)
			if !strings.Contains(s, msg) || strings.Contains(s, "/opinion/pdf") || !regexp.MustCompile(`<button[^>]*id="dl-opinion-pdf"[^>]*disabled`).MatchString(s) {
				t.Errorf("%s as %s: no disabled PDF button with the note", page, who)
			}
			if !strings.Contains(s, `id="dl-opinion-docx"`) || !strings.Contains(s, `id="dl-annotated"`) || !strings.Contains(s, `id="dl-suggested"`) {
				t.Errorf("%s as %s: Word downloads missing", page, who)
			}
		}
		var out map[string]any
		if st := cl.do("GET", fmt.Sprintf("/api/v1/documents/%d/opinion?format=pdf", f.doc), nil, &out); st != 503 || out["error"] != msg {
			t.Errorf("API PDF without renderer: %d %v", st, out)
		}
		if st, _, b := cl.get(fmt.Sprintf("/documents/%d/opinion/pdf", f.doc)); st != 503 || !strings.Contains(string(b), msg) {
			t.Errorf("page PDF without renderer: %d", st)
		}
	}
}

// The real renderer: Chromium (or LibreOffice) prints the signed opinion.
func TestOpinionPDFRendered(t *testing.T) {
	if c, s := opinion.Available(); !c && !s {
		t.Skip("neither Chromium nor LibreOffice installed")
	}
	e := newEnv(t)
	e.srv.flow.Opinion = workflow.DocxOpinion{}
	f, _ := e.signed("村规民约.txt", []byte(villageRules))
	st, _, b := e.login("clerk").get(fmt.Sprintf("/api/v1/documents/%d/opinion?format=pdf&wait=60", f.doc))
	if st != 200 || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("status %d, %q", st, b[:min(len(b), 40)])
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed")
	}
	cmd := exec.Command("pdftotext", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(b)
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	// Signed by the office (GB/T 9704 7.3.5): its name, not the reviewer's.
	for _, want := range []string{"合法性审查意见书", "修改后合法", "请删除罚款条款后提交村民会议讨论", "城关司法所"} {
		if !strings.Contains(norm(string(out)), want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	cases := []struct{ name, want string }{
		{"批注稿-青山村（草案）.docx", `attachment; filename="x.docx"; filename*=UTF-8''%E6%89%B9%E6%B3%A8%E7%A8%BF-%E9%9D%92%E5%B1%B1%E6%9D%91%EF%BC%88%E8%8D%89%E6%A1%88%EF%BC%89.docx`},
		{"a b;c'd(e).pdf", `attachment; filename="x.docx"; filename*=UTF-8''a%20b%3Bc%27d%28e%29.pdf`},
		{"../etc/passwd\r\n.docx", `attachment; filename="x.docx"; filename*=UTF-8''.._etc_passwd.docx`},
	}
	for _, c := range cases {
		if got := contentDisposition(c.name, "x.docx"); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

// Replacement wording is stored, shown, removable, and refused for a
// finding without a quote.
func TestReplacementField(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	rev := e.login("reviewer")
	path := fmt.Sprintf("/api/v1/reviews/%d/findings/%d", f.review, f.finding)
	get := func() string {
		for _, fd := range e.review(rev, f.review).Findings {
			if fd.ID == f.finding {
				return fd.Replacement
			}
		}
		t.Fatal("finding gone")
		return ""
	}
	if st := rev.do("POST", path, map[string]any{"action": "edit", "replacement": "  新措辞  "}, nil); st != 200 || get() != "新措辞" {
		t.Fatalf("set: %d %q", st, get())
	}
	_, _, page := rev.get(fmt.Sprintf("/reviews/%d", f.review))
	if !strings.Contains(string(page), "建议改为：</b>新措辞") {
		t.Error("review page does not show the replacement wording")
	}
	if st := rev.do("POST", path, map[string]any{"action": "edit", "replacement": ""}, nil); st != 200 || get() != "" {
		t.Fatalf("remove: %d %q", st, get())
	}
	// The page form sends the field too.
	form := url.Values{"csrf_token": {rev.csrf}, "action": {"edit"}, "message": {"改过的意见"}, "suggestion": {""}, "replacement": {"表单措辞"}}
	req, _ := http.NewRequest("POST", e.ts.URL+fmt.Sprintf("/reviews/%d/findings/%d", f.review, f.finding), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if st := rev.send(req, nil); st != http.StatusSeeOther || get() != "表单措辞" {
		t.Errorf("form: %d %q", st, get())
	}
}
