package web

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"lawreview/review"
)

// A .doc draft uploaded through the web is read with LibreOffice, as the
// command line reads it; without LibreOffice the upload is refused with a
// message that says why and what to do.
func TestDocUpload(t *testing.T) {
	e := newEnv(t)
	clerk := e.login("clerk")
	doc, err := os.ReadFile(filepath.Join("..", "corpus", "extract", "testdata", "村规民约.doc"))
	if err != nil {
		t.Fatal(err)
	}

	// Without LibreOffice.
	e.srv.flow.Soffice = "lawreview-no-such-soffice"
	var out map[string]any
	if st := clerk.upload("/api/v1/documents", "村规民约.doc", doc, nil, &out); st != http.StatusUnsupportedMediaType || !strings.Contains(fmt.Sprint(out["error"]), "未安装 LibreOffice") {
		t.Errorf("without LibreOffice: %d %v", st, out)
	}
	if _, _, b := clerk.get("/documents/new"); strings.Contains(string(b), ".doc,") || !strings.Contains(string(b), `accept=".docx,.pdf,.txt,.md"`) {
		t.Error("the upload form offers .doc without LibreOffice")
	}

	e.srv.flow.Soffice = ""
	if !e.srv.flow.SofficeAvailable() {
		t.Skip("LibreOffice (soffice) is not installed: the .doc conversion is not tested")
	}
	if _, _, b := clerk.get("/documents/new"); !strings.Contains(string(b), `accept=".docx,.doc,.wps,.pdf,.txt,.md"`) || !strings.Contains(string(b), "（.docx、.doc）") {
		t.Error("the upload form does not offer .doc with LibreOffice installed")
	}
	var up UploadResult
	if st := clerk.upload("/api/v1/documents", "村规民约.doc", doc, map[string]string{"title": "-"}, &up); st != http.StatusCreated {
		t.Fatalf(".doc upload: %d", st)
	}
	r := e.review(e.login("reviewer"), up.ReviewID)
	if !strings.Contains(r.Text, "村规民约") || len(r.Findings) == 0 {
		t.Errorf(".doc upload: text %.60q, %d findings", r.Text, len(r.Findings))
	}
	var d struct {
		Versions []struct {
			Format string `json:"format"`
		} `json:"versions"`
	}
	clerk.do("GET", fmt.Sprintf("/api/v1/documents/%d", up.DocumentID), nil, &d)
	if len(d.Versions) != 1 || d.Versions[0].Format != "doc" {
		t.Errorf("stored version: %+v, want format doc", d.Versions)
	}
}

// 合法 and 修改后合法 cannot be signed while a 违法 finding is undecided:
// the answer names the findings; the page warns in the sign-off box;
// once each is accepted or dismissed the sign-off goes through.
func TestSignoffGuard(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	rev := e.login("reviewer")
	r := e.review(rev, f.review)
	var unlawful []FindingJSON
	for _, x := range r.Findings {
		if x.Severity == review.SeverityError && x.State == "open" {
			unlawful = append(unlawful, x)
		}
	}
	if len(unlawful) < 2 {
		t.Fatalf("fixture has %d open 违法 findings, the test needs 2", len(unlawful))
	}
	path := fmt.Sprintf("/api/v1/reviews/%d/signoff", f.review)
	for _, c := range []string{"合法", "修改后合法"} {
		var out map[string]any
		if st := rev.do("POST", path, map[string]any{"row_version": r.RowVersion, "conclusion": c, "opinion": "同意。"}, &out); st != http.StatusUnprocessableEntity {
			t.Fatalf("sign %s with open 违法 findings: %d %v", c, st, out)
		}
		msg := fmt.Sprint(out["error"])
		if !strings.Contains(msg, fmt.Sprintf("还有 %d 条", len(unlawful))) || !strings.Contains(msg, fmt.Sprintf("#%d", unlawful[0].ID)) || !strings.Contains(msg, "“违法”") {
			t.Errorf("sign %s: message %q", c, msg)
		}
	}
	_, _, page := rev.get(fmt.Sprintf("/reviews/%d", f.review))
	if !regexp.MustCompile(`id="open-unlawful">还有 ` + fmt.Sprint(len(unlawful)) + ` 条`).Match(page) {
		t.Error("the sign-off box does not warn of the open 违法 findings")
	}
	// Dismissing decides a finding as accepting does.
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/findings/%d", f.review, unlawful[0].ID), map[string]any{"action": "dismiss", "reason": "该条已由村民会议删除"}, nil); st != http.StatusOK {
		t.Fatal(st)
	}
	var out map[string]any
	r = e.review(rev, f.review)
	if st := rev.do("POST", path, map[string]any{"row_version": r.RowVersion, "conclusion": "合法", "opinion": "同意。"}, &out); st != http.StatusUnprocessableEntity || !strings.Contains(fmt.Sprint(out["error"]), fmt.Sprintf("还有 %d 条", len(unlawful)-1)) {
		t.Errorf("after dismissing one: %d %v", st, out)
	}
	e.acceptUnlawful(rev, f.review)
	r = e.review(rev, f.review)
	if st := rev.do("POST", path, map[string]any{"row_version": r.RowVersion, "conclusion": "修改后合法", "opinion": "请按意见修改。"}, &out); st != http.StatusOK {
		t.Errorf("sign once all are decided: %d %v", st, out)
	}

	// 不合法 and 退回补正 need no decision on each finding first.
	f2 := e.fixture()
	r = e.review(rev, f2.review)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", f2.review), map[string]any{"row_version": r.RowVersion, "conclusion": "退回补正", "opinion": "请补充起草说明。"}, &out); st != http.StatusOK {
		t.Errorf("退回补正 with open findings: %d %v", st, out)
	}
}

// A meeting date before today is a slip of the year as often as a meeting
// held: it asks for a confirmation, on the form and in the API.
func TestPastMeetingDate(t *testing.T) {
	e := newEnv(t)
	clerk := e.login("clerk")
	past := e.srv.today().AddDate(-6, 0, 0).Format("2006-01-02")
	var out map[string]any
	if st := clerk.upload("/api/v1/documents", "村规民约.txt", []byte(villageRules), map[string]string{"meeting_date": past}, &out); st != http.StatusUnprocessableEntity ||
		!strings.Contains(fmt.Sprint(out["error"]), past+" 早于今天") {
		t.Errorf("past date unconfirmed: %d %v", st, out)
	}
	before := e.snapshot()
	// The form comes back with the confirmation box shown and required,
	// and the values kept.
	var page []byte
	st := clerk.upload("/documents", "村规民约.txt", []byte(villageRules), map[string]string{"csrf_token": clerk.csrf, "title": "青山村村规民约", "meeting_date": past, "note": "会议已开"}, &page)
	s := string(page)
	if st != http.StatusUnprocessableEntity || !strings.Contains(s, "早于今天") || !regexp.MustCompile(`id="past-meeting">`).MatchString(s) ||
		!regexp.MustCompile(`id="confirm_past_meeting" required`).MatchString(s) || !strings.Contains(s, `value="会议已开"`) && !strings.Contains(s, ">会议已开<") {
		t.Errorf("form with a past date: %d", st)
	}
	if after := e.snapshot(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("a refused upload changed the store: %v -> %v", before, after)
	}
	if st := clerk.upload("/api/v1/documents", "村规民约.txt", []byte(villageRules), map[string]string{"meeting_date": past, "confirm_past_meeting": "1"}, nil); st != http.StatusCreated {
		t.Errorf("past date confirmed: %d", st)
	}
	if st := clerk.upload("/api/v1/documents", "村规民约.txt", []byte(villageRules), map[string]string{"meeting_date": e.srv.today().Format("2006-01-02")}, nil); st != http.StatusCreated {
		t.Errorf("today: %d", st)
	}
}

// The PDF is made in the background from sign-off on: while it is made
// the API says so with its state and label, the page shows the state and
// polls; it is printed once and kept.
func TestPDFInBackground(t *testing.T) {
	e := newEnv(t)
	fp := &fakePrinter{hold: make(chan struct{})}
	e.srv.flow.Opinion = fp
	f, _ := e.signed("村规民约.txt", []byte(villageRules))
	clerk := e.login("clerk")
	var st PDFStateJSON
	if code := clerk.do("GET", fmt.Sprintf("/api/v1/reviews/%d/opinion/pdf", f.review), nil, &st); code != http.StatusOK || st.State != "running" || st.StateLabel != "正在生成" || st.Ready {
		t.Fatalf("state while printing: %d %+v", code, st)
	}
	code, _, page := clerk.get(fmt.Sprintf("/documents/%d/opinion/pdf", f.doc))
	if code != http.StatusAccepted || !strings.Contains(string(page), `id="pdf-state-label">正在生成<`) || !strings.Contains(string(page), fmt.Sprintf(`data-poll="/api/v1/reviews/%d/opinion/pdf?revision=1"`, f.review)) {
		t.Errorf("PDF page while printing: %d", code)
	}
	var js map[string]any
	if code := clerk.do("GET", fmt.Sprintf("/api/v1/documents/%d/opinion?format=pdf", f.doc), nil, &js); code != http.StatusAccepted || js["state_label"] != "正在生成" {
		t.Errorf("API PDF while printing: %d %v", code, js)
	}
	close(fp.hold)
	deadline := time.Now().Add(10 * time.Second)
	for !st.Ready && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		clerk.do("GET", fmt.Sprintf("/api/v1/reviews/%d/opinion/pdf", f.review), nil, &st)
	}
	if !st.Ready || st.StateLabel != "已生成" || st.URL != fmt.Sprintf("/reviews/%d/opinion/pdf?revision=1", f.review) {
		t.Fatalf("state after printing: %+v", st)
	}
	code, h, pdf := clerk.get(st.URL)
	if code != http.StatusOK || !strings.HasPrefix(string(pdf), "%PDF-") || h.Get("X-Content-SHA256") == "" {
		t.Errorf("PDF when done: %d %q", code, pdf)
	}
	clerk.get(fmt.Sprintf("/documents/%d/opinion/pdf", f.doc))
	if n := fp.count(); n != 1 {
		t.Errorf("printed %d times, want once", n)
	}
}

// Each office prints its own 版头 (its name by default); a sign-off keeps
// the one it was signed with, and an office may switch it off.
func TestOfficeLetterhead(t *testing.T) {
	e := newEnv(t)
	admin := e.login("admin")
	var offices struct {
		Offices []struct {
			ID         int64          `json:"id"`
			Name       string         `json:"name"`
			Letterhead map[string]any `json:"letterhead"`
		} `json:"offices"`
	}
	admin.do("GET", "/api/v1/admin/offices", nil, &offices)
	var oid int64
	for _, o := range offices.Offices {
		if o.Name == "城关司法所" {
			oid = o.ID
			if o.Letterhead["printed"] != "城关司法所" || o.Letterhead["off"] != false {
				t.Errorf("default 版头: %v", o.Letterhead)
			}
		}
	}
	path := fmt.Sprintf("/api/v1/admin/offices/%d/letterhead", oid)
	for _, bad := range []map[string]any{{"text": strings.Repeat("司", 21)}, {"text": "城关\u202e司法所"}} {
		if st := admin.do("POST", path, bad, nil); st != http.StatusBadRequest {
			t.Errorf("版头 %q: %d, want 400", bad["text"], st)
		}
	}
	if st := e.login("reviewer").do("POST", path, map[string]any{"text": "某所"}, nil); st != http.StatusForbidden {
		t.Errorf("a reviewer sets the 版头: %d, want 403", st)
	}
	if st := admin.do("POST", path, map[string]any{"text": "城关镇司法所"}, nil); st != http.StatusOK {
		t.Fatalf("set 版头: %d", st)
	}
	first, _ := e.signed("村规民约.txt", []byte(villageRules))
	if st := admin.do("POST", path, map[string]any{"off": true}, nil); st != http.StatusOK {
		t.Fatalf("switch 版头 off: %d", st)
	}
	second, _ := e.signed("村规民约.txt", []byte(villageRules))
	clerk := e.login("clerk")
	letterhead := regexp.MustCompile(`<p class="Letterhead"[^>]*>([^<]*)</p>`)
	for _, c := range []struct {
		f    fixture
		want string
	}{{first, "城关镇司法所"}, {second, ""}} {
		var op OpinionJSON
		clerk.do("GET", fmt.Sprintf("/api/v1/documents/%d/opinion", c.f.doc), nil, &op)
		_, _, page := clerk.get(fmt.Sprintf("/documents/%d/opinion", c.f.doc))
		got := ""
		if m := letterhead.FindSubmatch(page); m != nil {
			got = string(m[1])
		}
		if op.LetterheadText != c.want || op.LetterheadOff != (c.want == "") || got != c.want {
			t.Errorf("document %d: API 版头 %q (off %v), print view %q, want %q", c.f.doc, op.LetterheadText, op.LetterheadOff, got, c.want)
		}
	}
}
