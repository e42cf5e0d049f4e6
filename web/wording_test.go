package web

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/web/storage"
	"lawreview/web/workflow"
)

// machineWords are the words only machines should read: every rule id,
// the codes of statuses, states, severities, audit actions and files, and
// the phrases the engine once wrote into pages and opinions.
func machineWords(t *testing.T) (*regexp.Regexp, []string) {
	t.Helper()
	words := []string{"manual", review.RulePrecedent}
	for _, r := range shared.rules {
		words = append(words, r.ID)
	}
	for _, w := range []string{string(storage.DocPending), string(storage.DocSigned), string(storage.DocReturned),
		string(storage.ReviewOpen), string(storage.ReviewSigned),
		string(decision.FindingOpen), string(decision.FindingAccepted), string(decision.FindingDismissed),
		string(opinion.JobRunning), string(opinion.JobDone), string(opinion.JobFailed),
		string(review.SeverityError), string(review.SeverityWarning), string(review.SeverityInfo)} {
		words = append(words, w)
	}
	for _, a := range []storage.AuditAction{storage.AuditUpload, storage.AuditUploadVersion, storage.AuditFindingAccept, storage.AuditFindingDismiss,
		storage.AuditFindingAdd, storage.AuditSignoff, storage.AuditOpinionView, storage.AuditOpinionDownload, storage.AuditAnnotatedDownload,
		storage.AuditSuggestedDownload, storage.AuditLoginFailed, storage.AuditOfficeLetterhead} {
		words = append(words, string(a))
	}
	for _, k := range storage.OutputKinds {
		words = append(words, string(k))
	}
	sort.Slice(words, func(i, j int) bool { return len(words[i]) > len(words[j]) })
	var alts []string
	for _, w := range words {
		alts = append(alts, regexp.QuoteMeta(w))
	}
	// A code is a whole token: not part of a longer ASCII word, path or
	// file name (…/opinion_pdf?… is a link, not text).
	re := regexp.MustCompile(`(?:^|[^A-Za-z0-9_\-/.:])(` + strings.Join(alts, "|") + `)(?:$|[^A-Za-z0-9_\-/.:])`)
	return re, []string{"见规则", "自动检查", "无自动检查规则"}
}

var (
	reDropped  = regexp.MustCompile(`(?is)<script.*?</script>|<style.*?</style>|<!--.*?-->`)
	reVisAttr  = regexp.MustCompile(`\s(?:title|placeholder|aria-label|alt|label)="([^"]*)"`)
	reTag      = regexp.MustCompile(`(?s)<[^>]*>`)
	reWordText = regexp.MustCompile(`(?s)<w:t[^>]*>(.*?)</w:t>`)
)

// visibleText is what a reader of an HTML page sees: its text and the
// attributes a browser shows (tooltips, placeholders, labels).
func visibleText(page string) string {
	page = reDropped.ReplaceAllString(page, " ")
	var b strings.Builder
	for _, m := range reVisAttr.FindAllStringSubmatch(page, -1) {
		b.WriteString(html.UnescapeString(m[1]) + "\n")
	}
	b.WriteString(html.UnescapeString(reTag.ReplaceAllString(page, "\n")))
	return b.String()
}

// docxText is the text of a .docx's body and comments.
func docxText(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("read .docx: %v", err)
	}
	var b strings.Builder
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "word/") || !strings.HasSuffix(f.Name, ".xml") {
			continue
		}
		rc, _ := f.Open()
		x, _ := io.ReadAll(rc)
		rc.Close()
		for _, m := range reWordText.FindAllSubmatch(x, -1) {
			b.WriteString(html.UnescapeString(string(m[1])))
		}
		b.WriteString("\n")
	}
	return b.String()
}

// jsonMachineKeys hold codes by contract (the API's machine side); their
// labels (…_label, title, object, message) are what users read.
var jsonMachineKeys = map[string]bool{
	"rule": true, "status": true, "review_status": true, "state": true, "action": true, "kind": true, "format": true,
	"severity": true, "origin": true, "source": true, "role": true, "target": true, "request_id": true, "ip": true,
	"csrf_token": true, "username": true, "user": true, "url": true, "review_url": true, "opinion_url": true, "pdf_url": true,
	"sha256": true, "file_sha256": true, "FileSHA256": true, "signed_sha256": true, "id": true, "rules": true,
	"Rule": true, "Severity": true, "Origin": true, "State": true, "field": true, "value": true, "merged": true,
}

// jsonText is the user-readable strings of a JSON answer.
func jsonText(v any, key string, out *strings.Builder) {
	switch x := v.(type) {
	case map[string]any:
		for k, y := range x {
			if jsonMachineKeys[k] || strings.HasSuffix(k, "_url") || strings.HasSuffix(k, "URL") || strings.HasSuffix(k, "_id") {
				continue
			}
			jsonText(y, k, out)
		}
	case []any:
		for _, y := range x {
			jsonText(y, key, out)
		}
	case string:
		out.WriteString(x + "\n")
	}
}

// TestNoMachineWording walks every page and API answer of the demo as
// each of its users, with a review signed, a second version uploaded and
// its review under way, and fails on any rule id, status code or machine
// phrase in what a user reads: pages (text, tooltips, placeholders), the
// API's strings other than its codes, the signed opinion (print view,
// .docx, PDF when this machine prints), the 批注稿 and the 修改建议稿.
func TestNoMachineWording(t *testing.T) {
	e := newPrecEnv(t)
	if e.srv.flow.PDFAvailable() {
		// The real printer, so that the signed PDF is read too; it prints
		// once, at sign-off.
		e.srv.flow.Opinion = workflow.DocxOpinion{}
	}
	ctx := t.Context()
	logins, err := e.srv.flow.SeedDemo(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range logins {
		e.pw[l.Username] = l.Password
	}
	clerk, rev := e.login("donghu"), e.login("suozhang")
	var docs struct {
		Documents []struct {
			ID       int64  `json:"id"`
			Title    string `json:"title"`
			ReviewID int64  `json:"review_id"`
		} `json:"documents"`
	}
	if st := rev.do("GET", "/api/v1/documents", nil, &docs); st != http.StatusOK {
		t.Fatalf("documents: %d", st)
	}
	var village struct {
		id, review int64
	}
	for _, d := range docs.Documents {
		// The statistics' year of demo history has signed 村规民约 of its
		// own (titled 【演示】); this flow signs the open one.
		if strings.Contains(d.Title, "村规民约") && !strings.HasPrefix(d.Title, "【演示】") {
			village.id, village.review = d.ID, d.ReviewID
		}
	}
	if village.review == 0 {
		t.Fatalf("no demo 村规民约 among %+v", docs.Documents)
	}
	// The reviewer accepts every finding but the last 违法-free one, which
	// he dismisses, adds one of his own and signs 修改后合法.
	r := e.review(rev, village.review)
	dismissed := false
	accepted := 0
	for i := len(r.Findings) - 1; i >= 0; i-- {
		f := r.Findings[i]
		body := map[string]any{"action": "accept"}
		if !dismissed && f.Severity != review.SeverityError {
			body, dismissed = map[string]any{"action": "dismiss", "reason": "该条经村民会议讨论保留"}, true
		} else {
			accepted++
		}
		if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/findings/%d", village.review, f.ID), body, nil); st != http.StatusOK {
			t.Fatalf("decide finding %d: %d", f.ID, st)
		}
	}
	t.Logf("demo 村规民约: %d findings, %d accepted", len(r.Findings), accepted)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/findings", village.review), map[string]any{"start": 0, "end": 10, "message": "标题应写明制定主体和通过程序。", "severity": "warning"}, nil); st != http.StatusCreated && st != http.StatusOK {
		t.Fatalf("own finding: %d", st)
	}
	r = e.review(rev, village.review)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", village.review), map[string]any{"row_version": r.RowVersion, "conclusion": "修改后合法", "opinion": "请按上述意见修改后提交村民会议表决。"}, nil); st != http.StatusOK {
		t.Fatalf("sign off: %d", st)
	}
	pdfText := func(data []byte) (string, bool) {
		if _, err := exec.LookPath("pdftotext"); err != nil || !bytes.HasPrefix(data, []byte("%PDF-")) {
			return "", false
		}
		p := filepath.Join(t.TempDir(), "o.pdf")
		os.WriteFile(p, data, 0o600)
		out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
		return string(out), err == nil
	}
	signedPDF := ""
	if e.srv.flow.PDFAvailable() {
		var pdf []byte
		if st := clerk.do("GET", fmt.Sprintf("/api/v1/documents/%d/opinion?format=pdf&wait=60", village.id), nil, &pdf); st != http.StatusOK {
			t.Fatalf("signed PDF: %d %.200s", st, pdf)
		}
		txt, ok := pdfText(pdf)
		if !ok {
			t.Fatal("pdftotext cannot read the signed PDF")
		}
		signedPDF = txt
		if d := os.Getenv("LAWREVIEW_KEEP_PDF"); d != "" {
			os.WriteFile(filepath.Join(d, "signed-opinion.pdf"), pdf, 0o644)
		}
		checkLetterPages(t, txt, accepted+1)
	} else {
		t.Log("no PDF printer on this machine: the signed PDF is not read")
	}
	draft, err := os.ReadFile(filepath.Join("workflow", "demo", "village-rules.md"))
	if err != nil {
		t.Fatal(err)
	}
	if st := clerk.upload(fmt.Sprintf("/api/v1/documents/%d/versions", village.id), "village-rules-v2.md", append(draft, "\n第三十条 本规约自村民会议通过之日起施行。\n"...),
		map[string]string{"note": "已按审查意见删除罚款条款"}, nil); st != http.StatusCreated {
		t.Fatalf("version 2: %d", st)
	}

	re, phrases := machineWords(t)
	check := func(who, where, text string) {
		t.Helper()
		if m := re.FindStringSubmatchIndex(text); m != nil {
			lo, hi := max(0, m[2]-60), min(len(text), m[3]+60)
			t.Errorf("%s %s: machine word %q in %q", who, where, text[m[2]:m[3]], strings.Join(strings.Fields(text[lo:hi]), " "))
		}
		for _, p := range phrases {
			if strings.Contains(text, p) {
				t.Errorf("%s %s: machine phrase %q", who, where, p)
			}
		}
	}
	if signedPDF != "" {
		check("clerk", "signed PDF", signedPDF)
	}

	seen := 0
	read := map[string]int{} // what was read, by kind
	for _, who := range []string{"donghu", "xishan", "suozhang", "guwen", "demoadmin"} {
		c := e.login(who)
		queue := []string{"/", "/documents", "/queue", "/search?q=罚款", "/precedents?q=罚款&tab=precedents", "/precedents?tab=precedents",
			"/stats/rules", "/admin", "/admin/audit", "/admin/precedents", "/selfcheck", "/account", "/documents/new",
			"/api/v1/session", "/api/v1/documents", "/api/v1/queue", "/api/v1/search?q=罚款", "/api/v1/precedents?q=罚款", "/api/v1/stats/rules",
			"/api/v1/admin/offices", "/api/v1/admin/townships", "/api/v1/admin/users", "/api/v1/admin/audit"}
		for _, d := range docs.Documents {
			queue = append(queue, fmt.Sprintf("/api/v1/documents/%d", d.ID), fmt.Sprintf("/api/v1/documents/%d/opinion", d.ID))
		}
		for id := village.review; id <= village.review+4; id++ {
			for _, p := range []string{"", "/compare", "/history", "/opinion?revision=1", "/opinion/pdf?revision=1"} {
				queue = append(queue, fmt.Sprintf("/api/v1/reviews/%d%s", id, p))
			}
		}
		visited := map[string]bool{}
		for len(queue) > 0 && len(visited) < 400 {
			u := queue[0]
			queue = queue[1:]
			if visited[u] {
				continue
			}
			visited[u] = true
			req, _ := http.NewRequest("GET", e.ts.URL+u, nil)
			resp, err := c.hc.Do(req)
			if err != nil {
				t.Fatalf("%s GET %s: %v", who, u, err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				t.Errorf("%s GET %s: %d", who, u, resp.StatusCode)
			}
			if loc := resp.Header.Get("Location"); loc != "" && strings.HasPrefix(loc, "/") {
				queue = append(queue, loc)
			}
			seen++
			ct := resp.Header.Get("Content-Type")
			switch {
			case strings.HasPrefix(ct, "application/json"):
				var v any
				if err := json.Unmarshal(body, &v); err != nil {
					t.Errorf("%s GET %s: %v", who, u, err)
					continue
				}
				var b strings.Builder
				jsonText(v, "", &b)
				check(who, u, b.String())
			case strings.HasPrefix(ct, "text/html"):
				check(who, u, visibleText(string(body)))
				if strings.Contains(string(body), `class="DocNumber"`) {
					read["print view"]++
				}
				for _, m := range regexp.MustCompile(`href="(/[^"]*)"`).FindAllStringSubmatch(string(body), -1) {
					link := html.UnescapeString(m[1])
					if strings.HasPrefix(link, "/static/") || strings.Contains(link, "/versions/") || strings.HasPrefix(link, "/logout") {
						continue // the clerk's own file is the clerk's words
					}
					if pu, err := url.Parse(link); err == nil && !visited[link] {
						pu.Fragment = ""
						queue = append(queue, pu.String())
					}
				}
			case strings.HasPrefix(ct, workflow.DocxContentType):
				check(who, u, docxText(t, body))
				read[".docx"]++
			case strings.HasPrefix(ct, "application/pdf"):
				if txt, ok := pdfText(body); ok {
					check(who, u, txt)
					read["PDF"]++
				}
			}
		}
	}
	t.Logf("%d pages, answers and files read: %v", seen, read)
	if read["print view"] == 0 || read[".docx"] < 3 {
		t.Errorf("the walk read %d print views and %d .docx files: it missed the signed outputs", read["print view"], read[".docx"])
	}
}

// checkLetterPages checks a signed opinion's PDF text as issue 13 asks:
// the 版头 and the 文号 on page 1, every problem numbered, at most three
// pages before the annex, the conclusion with the office and the date on
// the letter's last page.
func checkLetterPages(t *testing.T, txt string, problems int) {
	t.Helper()
	pages := strings.Split(strings.TrimRight(txt, "\f"), "\f")
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	annex := len(pages)
	for i, p := range pages {
		if first, _, _ := strings.Cut(strings.TrimSpace(p), "\n"); strings.TrimSpace(first) == "附件" {
			annex = i
			break
		}
	}
	t.Logf("signed PDF: %d pages before the annex, %d in all", annex, len(pages))
	if annex > 3 || annex == len(pages) {
		t.Errorf("signed PDF: %d pages before the annex of %d (want at most 3, and an annex)", annex, len(pages))
	}
	if p1 := squeeze(pages[0]); !strings.HasPrefix(p1, "城关司法所") || !regexp.MustCompile(`城关司法所〔\d{4}〕\d+号`).MatchString(p1) {
		t.Errorf("signed PDF page 1 lacks the 版头 or the 文号: %.120s", p1)
	}
	letter := squeeze(strings.Join(pages[:annex], ""))
	for i := 1; i <= problems; i++ {
		if n := "（" + cnNumber(i) + "）"; !strings.Contains(letter, n) {
			t.Errorf("signed PDF lacks problem %s", n)
		}
	}
	if last := squeeze(pages[max(annex-1, 0)]); !regexp.MustCompile(`审查结论：.*城关司法所\d{4}年\d{1,2}月\d{1,2}日`).MatchString(last) {
		t.Errorf("signed PDF: the conclusion, the office and the date are not on the letter's last page: %.300s", last)
	}
}

func cnNumber(n int) string {
	d := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}
	if n <= 10 {
		return d[n]
	}
	return "十" + d[n-10]
}
