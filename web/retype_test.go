package web

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"lawreview/review"
)

// The reviewer changes the type through the API and the page; the
// answer, the review JSON and the page say what the rerun kept, dropped
// and added.
func TestChangeTypeRoutes(t *testing.T) {
	e := newEnv(t)
	clerk, rev := e.login("clerk"), e.login("reviewer")
	var res UploadResult
	if st := clerk.upload("/api/v1/documents", "情况说明.txt", []byte(uncertainDraft), map[string]string{"type": "规范性文件"}, &res); st != 201 {
		t.Fatalf("upload: %d", st)
	}
	r := e.review(rev, res.ReviewID)
	var supplier, fine int64
	for _, f := range r.Findings {
		switch f.Rule {
		case "nd-designated-supplier":
			supplier = f.ID
		case "nd-penalty":
			fine = f.ID
		}
	}
	path := fmt.Sprintf("/api/v1/reviews/%d", r.ID)
	if st := rev.do("POST", fmt.Sprintf("%s/findings/%d", path, supplier), map[string]any{"action": "accept"}, nil); st != 200 {
		t.Fatalf("accept: %d", st)
	}
	if st := clerk.do("POST", path+"/type", map[string]any{"row_version": r.RowVersion, "type": "村规民约"}, nil); st != http.StatusForbidden {
		t.Errorf("clerk changes the type after submission: %d, want 403", st)
	}
	// Bad input: a clear Chinese message, nothing changed.
	for _, c := range []struct {
		body map[string]any
		want string
	}{
		{map[string]any{"row_version": r.RowVersion, "type": "通知"}, "请选择文件类型"},
		{map[string]any{"row_version": r.RowVersion, "type": ""}, "请选择文件类型"},
		{map[string]any{"row_version": r.RowVersion, "type": "规范性文件"}, "文件类型已是规范性文件"},
		{map[string]any{"row_version": "第一版", "type": "村规民约"}, "请求格式有误"},
	} {
		var msg map[string]any
		if st := rev.do("POST", path+"/type", c.body, &msg); st != http.StatusBadRequest || !strings.Contains(fmt.Sprint(msg["error"]), c.want) {
			t.Errorf("%v: %d %v, want 400 saying %s", c.body, st, msg, c.want)
		}
	}
	if cur := e.review(rev, r.ID); cur.Type != "规范性文件" || cur.RowVersion != r.RowVersion {
		t.Errorf("bad input changed the review: type %s row %d", cur.Type, cur.RowVersion)
	}
	var out struct {
		Type       string         `json:"type"`
		RowVersion int64          `json:"row_version"`
		Change     TypeChangeJSON `json:"change"`
		Notices    []string       `json:"notices"`
	}
	if st := rev.do("POST", path+"/type", map[string]any{"row_version": r.RowVersion, "type": "村规民约"}, &out); st != 200 {
		t.Fatalf("change type: %d", st)
	}
	var dropped []string
	for _, f := range out.Change.Dropped {
		dropped = append(dropped, f.Rule)
	}
	slices.Sort(dropped)
	if out.Type != "村规民约" || out.RowVersion != r.RowVersion+1 || out.Change.Kept != 3 || out.Change.KeptDecided != 1 || out.Change.Added != 1 ||
		!slices.Equal(dropped, []string{"nd-effective-date", "nd-interpretation", "nd-validity-missing"}) || out.Notices == nil {
		t.Errorf("answer: %+v (dropped %v)", out, dropped)
	}
	r2 := e.review(rev, r.ID)
	if r2.Type != "村规民约" || len(r2.TypeChanges) != 1 || len(r2.TypeChanges[0].Dropped) != 3 || r2.TypeChanges[0].By != "王建国" {
		t.Errorf("review JSON after the change: type %s changes %+v", r2.Type, r2.TypeChanges)
	}
	// The village's fine was found by nd-penalty (a public body's text by
	// its reach); under 村规民约 vr-fine names the place with nd-penalty
	// merged, and the stored finding carries over with vr-fine's reasoning.
	var fineRule string
	for _, f := range r2.Findings {
		if f.ID == supplier && f.State != "accepted" {
			t.Errorf("the accepted finding is %s after the change", f.State)
		}
		if f.ID == fine {
			fineRule = f.Rule
		}
	}
	if fine == 0 || fineRule != "vr-fine" {
		t.Errorf("the fine's finding (%d) is under %q after the change, want vr-fine", fine, fineRule)
	}
	var page []byte
	clerk.do("GET", fmt.Sprintf("/reviews/%d", r.ID), nil, &page)
	text := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(string(page), "")
	if !strings.Contains(text, "3 条意见因类型变更不再适用") || !strings.Contains(text, "按村规民约审查") {
		t.Error("the review page does not say what the type change dropped")
	}
	if strings.Contains(string(page), `id="type-form"`) {
		t.Error("the clerk is offered the type change")
	}
	// The page form: back to 其他, whose notice the page then shows.
	if st := rev.do("POST", fmt.Sprintf("/reviews/%d/type", r.ID), map[string]any{"row_version": out.RowVersion, "type": "其他"}, nil); st != http.StatusSeeOther {
		t.Fatalf("page form: %d", st)
	}
	rev.do("GET", fmt.Sprintf("/reviews/%d", r.ID), nil, &page)
	if !strings.Contains(string(page), review.NoticeAllRules) || !strings.Contains(string(page), `id="type-form"`) {
		t.Error("after the change to 其他 the page lacks the notice or the form")
	}
	// A stale page is refused, with the page's message.
	if st := rev.do("POST", path+"/type", map[string]any{"row_version": out.RowVersion, "type": "合同"}, nil); st != http.StatusConflict {
		t.Errorf("stale row version: %d, want 409", st)
	}
	// Signed: refused until reopened.
	r3 := e.review(rev, r.ID)
	if st := rev.do("POST", path+"/signoff", map[string]any{"row_version": r3.RowVersion, "conclusion": "不合法", "opinion": "不予通过。"}, nil); st != 200 {
		t.Fatalf("sign off: %d", st)
	}
	var msg map[string]any
	if st := rev.do("POST", path+"/type", map[string]any{"row_version": r3.RowVersion + 1, "type": "合同"}, &msg); st != http.StatusConflict ||
		!strings.Contains(fmt.Sprint(msg["error"]), "重新打开") {
		t.Errorf("change of a signed review: %d %v", st, msg)
	}
}
