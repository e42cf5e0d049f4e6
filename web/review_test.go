package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"lawreview/review"
)

// GET /api/v1/reviews/{id} carries every field of review.Report and
// review.Finding under the same JSON names, plus the workplace's own.
func TestReviewJSONContract(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	var raw []byte
	if st := e.login("reviewer").do("GET", fmt.Sprintf("/api/v1/reviews/%d", f.review), nil, &raw); st != 200 {
		t.Fatalf("status %d", st)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		t.Fatal(err)
	}
	for _, k := range jsonNames(review.Report{}) {
		if _, ok := top[k]; !ok {
			t.Errorf("review JSON lacks report field %q", k)
		}
	}
	var findings []map[string]json.RawMessage
	json.Unmarshal(top["findings"], &findings)
	if len(findings) == 0 {
		t.Fatal("no findings")
	}
	for _, k := range append(jsonNames(review.Finding{}), "id", "state", "origin") {
		if _, ok := findings[0][k]; !ok {
			t.Errorf("finding JSON lacks field %q", k)
		}
	}
	// The report decodes into the public contract type, and every quote is
	// the text at its rune offsets.
	var rep review.Report
	if err := json.Unmarshal(raw, &rep); err != nil {
		t.Fatal(err)
	}
	runes := []rune(rep.Text)
	for _, fd := range rep.Findings {
		if fd.Start < 0 || fd.End > len(runes) || string(runes[fd.Start:fd.End]) != fd.Quote {
			t.Errorf("finding %s: quote %q != text[%d:%d]", fd.Rule, fd.Quote, fd.Start, fd.End)
		}
	}
}

func jsonNames(v any) []string {
	b, _ := json.Marshal(v)
	var m map[string]any
	json.Unmarshal(b, &m)
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestFindingDecisions(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	rev := e.login("reviewer")
	base := fmt.Sprintf("/api/v1/reviews/%d/findings/%d", f.review, f.finding)
	msg := "村委会无权罚款，应删除本条。"
	cases := []struct {
		name  string
		body  map[string]any
		want  int
		state string
	}{
		{"accept", map[string]any{"action": "accept"}, 200, "accepted"},
		{"dismiss without reason", map[string]any{"action": "dismiss"}, 400, "accepted"},
		{"dismiss", map[string]any{"action": "dismiss", "reason": "该条已删除"}, 200, "dismissed"},
		{"reopen", map[string]any{"action": "reopen"}, 200, "open"},
		{"edit", map[string]any{"action": "edit", "message": msg, "severity": "warning"}, 200, "open"},
		{"edit to empty", map[string]any{"action": "edit", "message": "  "}, 400, "open"},
		{"bad severity", map[string]any{"action": "edit", "severity": "fatal"}, 400, "open"},
		{"unknown action", map[string]any{"action": "delete"}, 400, "open"},
	}
	for _, c := range cases {
		var out map[string]any
		if st := rev.do("POST", base, c.body, &out); st != c.want {
			t.Errorf("%s: status %d, want %d (%v)", c.name, st, c.want, out)
		}
		r := e.review(rev, f.review)
		for _, fd := range r.Findings {
			if fd.ID == f.finding && string(fd.State) != c.state {
				t.Errorf("%s: state %s, want %s", c.name, fd.State, c.state)
			}
		}
	}
	r := e.review(rev, f.review)
	for _, fd := range r.Findings {
		if fd.ID == f.finding && (fd.Message != msg || !fd.Edited || fd.Severity != "warning") {
			t.Errorf("edit not kept: %+v", fd)
		}
	}
	// A finding of one's own on selected text; offsets are runes.
	runes := []rune(r.Text)
	at := strings.Index(r.Text, "圈养")
	start := len([]rune(r.Text[:at]))
	var added map[string]any
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/findings", f.review), map[string]any{"start": start, "end": start + 2, "message": "表述宜明确", "severity": "info"}, &added); st != 201 {
		t.Fatalf("add finding: %d %v", st, added)
	}
	r = e.review(rev, f.review)
	found := false
	for _, fd := range r.Findings {
		if fd.Origin == "manual" {
			found = true
			if fd.Quote != "圈养" || string(runes[fd.Start:fd.End]) != "圈养" || fd.State != "accepted" {
				t.Errorf("manual finding: %+v", fd)
			}
		}
	}
	if !found {
		t.Error("manual finding missing")
	}
	for _, bad := range []map[string]any{
		{"start": 5, "end": 5, "message": "x"},
		{"start": 0, "end": len(runes) + 1, "message": "x"},
		{"start": 0, "end": 3, "message": ""},
	} {
		if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/findings", f.review), bad, nil); st != 400 {
			t.Errorf("add finding %v: %d, want 400", bad, st)
		}
	}
}

// Sign-off records who, when and the file's sha256; afterwards the review
// is read-only; reopening starts a new revision and keeps the history.
func TestSignoffReadOnlyAndReopen(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	rev := e.login("reviewer")
	path := fmt.Sprintf("/api/v1/reviews/%d", f.review)
	if st := rev.do("POST", path+"/signoff", map[string]any{"row_version": 1, "conclusion": "修改后合法"}, nil); st != 400 {
		t.Fatalf("sign-off without opinion: %d, want 400", st)
	}
	if st := rev.do("POST", path+"/signoff", map[string]any{"row_version": 1, "conclusion": "大概合法", "opinion": "x"}, nil); st != 400 {
		t.Fatalf("sign-off with bad conclusion: %d, want 400", st)
	}
	var so map[string]any
	accepted := e.acceptUnlawful(rev, f.review)
	if st := rev.do("POST", path+"/signoff", map[string]any{"row_version": 1, "conclusion": "修改后合法", "opinion": "删除第一、二、三条后合法。"}, &so); st != 200 {
		t.Fatalf("sign-off: %d %v", st, so)
	}
	r := e.review(rev, f.review)
	v, _ := e.store.Version(t.Context(), f.version)
	if r.Status != "signed" || r.SignedBy != "王建国" || r.SignedSHA256 != v.FileSHA256 || r.SignedAt == nil || r.Conclusion != "修改后合法" {
		t.Fatalf("signed review: %+v", r)
	}
	// Read-only now.
	for _, c := range []struct {
		path string
		body any
	}{
		{fmt.Sprintf("%s/findings/%d", path, f.finding), map[string]any{"action": "dismiss", "reason": "x"}},
		{path + "/findings", map[string]any{"start": 0, "end": 2, "message": "x"}},
		{path + "/conclusion", map[string]any{"row_version": r.RowVersion, "conclusion": "合法"}},
		{path + "/signoff", map[string]any{"row_version": r.RowVersion, "conclusion": "合法", "opinion": "x"}},
	} {
		if st := rev.do("POST", c.path, c.body, nil); st != http.StatusConflict {
			t.Errorf("POST %s after sign-off: %d, want 409", c.path, st)
		}
	}
	// The clerk now sees the opinion.
	clerk := e.login("clerk")
	var op map[string]any
	if st := clerk.do("GET", fmt.Sprintf("/api/v1/documents/%d/opinion", f.doc), nil, &op); st != 200 || op["Conclusion"] != "修改后合法" || op["Number"] == "" {
		t.Fatalf("opinion: %d %v", st, op)
	}
	// The 文号 the print view, the .docx and the PDF all print (GB/T 9704 7.2.4).
	if want := fmt.Sprintf("城关司法所〔%d〕1号", r.SignedAt.Year()); op["Number"] != want {
		t.Errorf("文号 %v, want %s", op["Number"], want)
	}
	var page []byte
	if st := clerk.do("GET", fmt.Sprintf("/documents/%d/opinion", f.doc), nil, &page); st != 200 || len(regexp.MustCompile(`<p class="DocNumber"[^>]*>`+regexp.QuoteMeta(op["Number"].(string))+`</p>`).FindAll(page, -1)) != 1 {
		t.Errorf("print view does not show the 文号 %v once", op["Number"])
	}
	// Reopen with a stale row version fails, with the current one works.
	if st := rev.do("POST", path+"/reopen", map[string]any{"row_version": 1, "reason": "补充"}, nil); st != http.StatusConflict {
		t.Fatalf("stale reopen: %d", st)
	}
	if st := rev.do("POST", path+"/reopen", map[string]any{"row_version": r.RowVersion, "reason": "经办人补充了材料"}, nil); st != 200 {
		t.Fatalf("reopen: %d", st)
	}
	r2 := e.review(rev, f.review)
	if r2.Status != "open" || r2.Revision != 2 {
		t.Fatalf("reopened: status %s revision %d", r2.Status, r2.Revision)
	}
	if st := rev.do("POST", fmt.Sprintf("%s/findings/%d", path, f.finding), map[string]any{"action": "accept"}, nil); st != 200 {
		t.Fatalf("decide after reopen: %d", st)
	}
	var hist struct {
		Events []struct {
			Revision int    `json:"revision"`
			User     string `json:"user"`
			Action   string `json:"action"`
		} `json:"events"`
		Signoffs []map[string]any `json:"signoffs"`
	}
	rev.do("GET", path+"/history", nil, &hist)
	var actions []string
	for _, ev := range hist.Events {
		actions = append(actions, fmt.Sprintf("%d:%s:%s", ev.Revision, ev.Action, ev.User))
	}
	want := []string{"1:upload:张敏"}
	for range accepted {
		want = append(want, "1:finding:王建国")
	}
	want = append(want, "1:signoff:王建国", "2:reopen:王建国", "2:finding:王建国")
	if strings.Join(actions, " ") != strings.Join(want, " ") {
		t.Errorf("history %v, want %v", actions, want)
	}
	if len(hist.Signoffs) != 1 {
		t.Errorf("signoffs kept: %d, want 1", len(hist.Signoffs))
	}
}

// Two reviewers of the same office sign the same review at once: exactly
// one wins, the other is told who signed.
func TestConcurrentSignoff(t *testing.T) {
	e := newEnv(t)
	for round := 0; round < 5; round++ {
		f := e.fixture()
		a, b := e.login("reviewer"), e.login("reviewer1b")
		var wg sync.WaitGroup
		status := make([]int, 2)
		bodies := make([]map[string]any, 2)
		for i, c := range []*client{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status[i] = c.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", f.review),
					map[string]any{"row_version": 1, "conclusion": "不合法", "opinion": "罚款等条款违法。"}, &bodies[i])
			}()
		}
		wg.Wait()
		sort.Ints(status)
		if status[0] != 200 || status[1] != http.StatusConflict {
			t.Fatalf("round %d: statuses %v, want one 200 and one 409 (%v)", round, status, bodies)
		}
		for _, b := range bodies {
			if msg, _ := b["error"].(string); msg != "" && !strings.Contains(msg, "签发") {
				t.Errorf("loser's message %q does not say it was signed", msg)
			}
		}
		sos, _ := e.store.Signoffs(t.Context(), f.review)
		if len(sos) != 1 {
			t.Fatalf("round %d: %d signoffs stored", round, len(sos))
		}
	}
}

// A revised version: the reviewer sees the diff and which earlier findings
// are resolved, still present, or new.
func TestRevisedVersionCompare(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	clerk := e.login("clerk")
	rev := e.login("reviewer")
	// Version 2 drops the fine and the petition ban, keeps the women's
	// clause, and adds a deposit.
	v2 := strings.Replace(villageRules, "一、对偷盗集体财物的，由村委会处以500元罚款，并在村务公开栏公开曝光。", "一、对偷盗集体财物的，依法报公安机关处理。", 1)
	v2 = strings.Replace(v2, "二、村民不得越级上访，违者取消当年集体收益分配资格。", "二、村民依法有序反映诉求。\n\n六、外来务工人员租房须向村委会缴纳押金1000元。", 1)
	var res UploadResult
	if st := clerk.upload(fmt.Sprintf("/api/v1/documents/%d/versions", f.doc), "村规民约-修改稿.docx", docx(t, strings.Split(v2, "\n")...), nil, &res); st != 201 {
		t.Fatalf("new version: %d", st)
	}
	var cmp CompareJSON
	if st := rev.do("GET", fmt.Sprintf("/api/v1/reviews/%d/compare", res.ReviewID), nil, &cmp); st != 200 {
		t.Fatalf("compare: %d", st)
	}
	// Judge by quotes, not rule ids: the rule set is data and evolves.
	quotes := func(fs []FindingJSON) string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Quote)
		}
		return strings.Join(out, " | ")
	}
	var still []FindingJSON
	for _, s := range cmp.Still {
		still = append(still, s.Previous)
	}
	if got := quotes(cmp.Resolved); !strings.Contains(got, "罚款") || !strings.Contains(got, "上访") {
		t.Errorf("resolved %s: want the fine and the petition ban", got)
	}
	if got := quotes(still); !strings.Contains(got, "外嫁女") || strings.Contains(got, "罚款") {
		t.Errorf("still %s: want the married-out women clause only", got)
	}
	if got := quotes(cmp.New); !strings.Contains(got, "押金") {
		t.Errorf("new %s: want the deposit", got)
	}
	var ins, del int
	for _, l := range cmp.Diff {
		switch l.Kind {
		case "insert":
			ins++
		case "delete":
			del++
		}
	}
	if ins == 0 || del == 0 {
		t.Errorf("diff has %d insertions and %d deletions", ins, del)
	}
	// The queue shows the document once, at version 2.
	var q struct {
		Queue []map[string]any `json:"queue"`
	}
	rev.do("GET", "/api/v1/queue", nil, &q)
	if len(q.Queue) != 1 || q.Queue[0]["version"] != float64(2) {
		t.Errorf("queue after new version: %v", q.Queue)
	}
	// Signing the old version's review is refused.
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", f.review), map[string]any{"row_version": 1, "conclusion": "合法", "opinion": "x"}, nil); st != http.StatusConflict {
		t.Errorf("sign-off of superseded version: %d, want 409", st)
	}
}

// The reviewer's queue lists pending drafts of the office by meeting date
// with days left and counts of findings.
func TestQueueOrder(t *testing.T) {
	e := newEnv(t)
	clerk, clerk2, clerk3 := e.login("clerk"), e.login("clerk2"), e.login("clerk3")
	today := e.srv.today()
	for _, u := range []struct {
		c     *client
		title string
		days  int
	}{{clerk, "晚", 9}, {clerk2, "逾期", -3}, {clerk, "早", 1}, {clerk3, "别的所", 0}} {
		if st := u.c.upload("/api/v1/documents", "草案.txt", []byte(villageRules), map[string]string{"title": u.title, "meeting_date": today.AddDate(0, 0, u.days).Format("2006-01-02"), "confirm_past_meeting": "1"}, nil); st != 201 {
			t.Fatalf("upload %s: %d", u.title, st)
		}
	}
	var q struct {
		Queue []struct {
			Title    string `json:"title"`
			DaysLeft int    `json:"days_left"`
			Overdue  bool   `json:"overdue"`
			Errors   int    `json:"errors"`
		} `json:"queue"`
	}
	e.login("reviewer").do("GET", "/api/v1/queue", nil, &q)
	var got []string
	for _, d := range q.Queue {
		got = append(got, fmt.Sprintf("%s:%d:%v", d.Title, d.DaysLeft, d.Overdue))
		if d.Errors == 0 {
			t.Errorf("%s: no error count", d.Title)
		}
	}
	if want := "逾期:-3:true 早:1:false 晚:9:false"; strings.Join(got, " ") != want {
		t.Errorf("queue %v, want %s", got, want)
	}
	// The page marks the overdue draft.
	var page []byte
	e.login("reviewer").do("GET", "/queue", nil, &page)
	if !bytes.Contains(page, []byte("逾期 3 天")) {
		t.Error("queue page does not mark the overdue draft")
	}
}

func TestOpinionDownloads(t *testing.T) {
	e := newEnv(t)
	f := e.fixture()
	rev := e.login("reviewer")
	e.acceptUnlawful(rev, f.review)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", f.review), map[string]any{"row_version": 1, "conclusion": "修改后合法", "opinion": "删除罚款条款后合法。"}, nil); st != 200 {
		t.Fatalf("sign-off: %d", st)
	}
	clerk := e.login("clerk")
	var page []byte
	if st := clerk.do("GET", fmt.Sprintf("/documents/%d/opinion", f.doc), nil, &page); st != 200 {
		t.Fatalf("opinion page: %d", st)
	}
	// The reviewer's name is in the record, not on the letter (a 公文 is
	// signed by its office).
	for _, want := range []string{"合法性审查意见书", "修改后合法", "删除罚款条款后合法。", "城关司法所"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("opinion page lacks %q", want)
		}
	}
	var file []byte
	if st := clerk.do("GET", fmt.Sprintf("/documents/%d/opinion/file", f.doc), nil, &file); st != 200 || !bytes.HasPrefix(file, []byte("PK")) {
		t.Fatalf("opinion .docx: %d, %d bytes", st, len(file))
	}
	// Another township's clerk gets nothing, not even word that it exists.
	if st := e.login("clerk2").do("GET", fmt.Sprintf("/documents/%d/opinion", f.doc), nil, nil); st != 404 {
		t.Errorf("other township: %d, want 404", st)
	}
}
