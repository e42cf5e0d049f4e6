package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	pindex "lawreview/index/precedent"
	"lawreview/review"
	"lawreview/review/precedent"
	"lawreview/web/workflow"
)

// newPrecEnv is newEnv with a precedent index and the offices' precedent
// finders, as `lawreview serve` wires them (without the public bank:
// newBankEnv adds it).
func newPrecEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	ix, err := pindex.Open(filepath.Join(e.dir, "precedent-index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	e.srv.flow.Precedents = ix
	opt, err := workflow.FinderOptions(shared.review.Grave)
	if err != nil {
		t.Fatal(err)
	}
	e.srv.flow.Finders = workflow.NewPrecedentFinders(e.store, opt)
	return e
}

// newBankEnv is newPrecEnv on a first start: the public bank loaded into
// storage and the index.
func newBankEnv(t *testing.T) *env {
	t.Helper()
	e := newPrecEnv(t)
	b, err := precedent.Bank()
	if err != nil {
		t.Fatal(err)
	}
	if n, err := workflow.LoadBank(context.Background(), e.store, e.srv.flow.Precedents, b, false); err != nil || n != len(b.Entries) {
		t.Fatalf("load the bank: %d of %d entries, %v", n, len(b.Entries), err)
	}
	return e
}

// precedentDraft is villageRules with a levy reviewers may find lawful (a
// charge the 村民会议 decided, 村民委员会组织法 第二十四条): a dismissal they
// can keep as a lawful precedent, where every other finding of the draft is
// of a rule that is grave or accepted.
var precedentDraft = strings.Replace(villageRules, "五、本村规民约", "五、村民使用村集体水塘灌溉的，每亩交纳管护费20元。\n\n六、本村规民约", 1)

const levyReason = "管护费由村民会议一事一议决定，不是村委会自行设定的收费"

// uploadPrecedentDraft uploads precedentDraft as clerk c.
func (e *env) uploadPrecedentDraft(c *client) UploadResult {
	e.t.Helper()
	var res UploadResult
	if st := c.upload("/api/v1/documents", "村规民约.txt", []byte(precedentDraft), map[string]string{"type": "村规民约"}, &res); st != http.StatusCreated {
		e.t.Fatalf("upload: status %d", st)
	}
	return res
}

// decideAndSign accepts the findings of acceptRules, dismisses those of
// dismissRules with a reason, and those of lawfulRules with a reason and
// the choice to keep the wording as a lawful precedent, and signs the
// review off, all through the API.
func (e *env) decideAndSign(rev *client, reviewID int64, acceptRules, dismissRules, lawfulRules []string, conclusion string) ReviewJSON {
	e.t.Helper()
	r := e.review(rev, reviewID)
	in := func(rule string, rules []string) bool {
		for _, x := range rules {
			if x == rule {
				return true
			}
		}
		return false
	}
	for _, f := range r.Findings {
		var body map[string]any
		switch {
		case in(f.Rule, acceptRules):
			body = map[string]any{"action": "accept"}
		case in(f.Rule, dismissRules):
			body = map[string]any{"action": "dismiss", "reason": "村务公开栏公布的是处理结果，经核实不涉及个人隐私"}
		case in(f.Rule, lawfulRules):
			body = map[string]any{"action": "dismiss", "reason": levyReason, "lawful_precedent": true}
		default:
			continue
		}
		if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/findings/%d", reviewID, f.ID), body, nil); st != http.StatusOK {
			e.t.Fatalf("decide finding %d (%s): status %d", f.ID, f.Rule, st)
		}
	}
	r = e.review(rev, reviewID)
	var out map[string]any
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", reviewID),
		map[string]any{"row_version": r.RowVersion, "conclusion": conclusion, "opinion": "经审查，修改后可以提交村民会议表决。"}, &out); st != http.StatusOK {
		e.t.Fatalf("sign off: status %d %v", st, out)
	}
	return r
}

const secondDraft = `东湖镇白石村村规民约（草案）

一、对偷盗集体财物的，由村委会处以300元罚款，并在村务公开栏公开曝光。

二、村民使用村集体水塘灌溉的，每亩交纳管护费30元。

三、本村规民约自村民会议通过之日起施行。
`

// TestSignoffMakesPrecedentsSearchable is the end-to-end path: a review
// signed off through the API is searchable at once, shows up with later
// findings (with the likely-lawful mark for a clause kept as a lawful
// precedent, never for a plain dismissal), respects who may see the
// review, and feeds the rule statistics.
func TestSignoffMakesPrecedentsSearchable(t *testing.T) {
	e := newPrecEnv(t)
	clerk, rev := e.login("clerk"), e.login("reviewer")
	up := e.uploadPrecedentDraft(clerk)
	e.decideAndSign(rev, up.ReviewID, []string{"vr-fine", "vr-petition"}, []string{"vr-public-shaming"}, []string{"vr-fees"}, "不合法")

	// Searchable at once: no rebuild, no restart.
	var res PrecedentSearchJSON
	if st := rev.do("GET", "/api/v1/precedents?tab=precedents&q="+urlq("罚款"), nil, &res); st != http.StatusOK {
		t.Fatalf("search: status %d", st)
	}
	hit := findHit(res.Hits, "由村委会处以500元罚款")
	if hit == nil {
		t.Fatalf("signed clause not found; hits %+v", res.Hits)
	}
	if hit.Verdict != precedent.Unlawful || hit.Township != "东湖镇" || hit.ReviewURL != fmt.Sprintf("/reviews/%d", up.ReviewID) || hit.Conclusion != "不合法" {
		t.Errorf("reviewer's hit: %+v", hit)
	}
	// A precedent drawn from a review names its rule by the rule's title,
	// not by the checklist item it carries.
	if want := e.srv.flow.RuleLabel(hit.Rule); hit.RuleTitle != want || want == "" || strings.Contains(want, "本系统没有") {
		t.Errorf("hit of rule %s titled %q, want %q", hit.Rule, hit.RuleTitle, want)
	}
	if fr := hit.Fragments["clause"]; len(fr) == 0 || !strings.Contains(fr[0], "<mark>罚款</mark>") {
		t.Errorf("no highlight: %+v", hit.Fragments)
	}
	// The dismissal kept as a lawful precedent is a negative precedent;
	// the plain dismissal is none.
	var lawful PrecedentSearchJSON
	rev.do("GET", "/api/v1/precedents?tab=precedents&verdict="+urlq("合法"), nil, &lawful)
	if len(lawful.Hits) != 1 || !strings.Contains(lawful.Hits[0].Clause, "管护费") || lawful.Hits[0].Reason != levyReason {
		t.Errorf("negative precedents: %+v", lawful.Hits)
	}
	// The open finding decided nothing.
	if findHit(res.Hits, "违者取消当年集体收益分配资格") != nil {
		t.Error("an undecided finding became a precedent")
	}

	// A clerk of another office sees the clause and outcome, not the review.
	other := e.login("clerk3")
	var ores PrecedentSearchJSON
	other.do("GET", "/api/v1/precedents?tab=precedents&q="+urlq("罚款"), nil, &ores)
	oh := findHit(ores.Hits, "罚款")
	if oh == nil || !oh.Anonymous || oh.ReviewURL != "" || oh.Township != "" || oh.DocTitle != "" || oh.Sentence != "" {
		t.Errorf("anonymised hit: %+v", oh)
	}
	if oh != nil && strings.Contains(oh.Summary, "东湖镇") {
		t.Errorf("summary names the township: %s", oh.Summary)
	}
	if st := other.do("GET", fmt.Sprintf("/api/v1/reviews/%d", up.ReviewID), nil, nil); st != http.StatusNotFound {
		t.Errorf("other clerk opens the review: %d, want 404 (as if there were none)", st)
	}

	// The next draft's findings show the precedents.
	var up2 UploadResult
	if st := clerk.upload("/api/v1/documents", "白石村.txt", []byte(secondDraft), map[string]string{"title": "白石村村规民约"}, &up2); st != http.StatusCreated {
		t.Fatalf("upload 2: %d", st)
	}
	r2 := e.review(rev, up2.ReviewID)
	fine, shaming, levy := findingOf(r2, "vr-fine"), findingOf(r2, "vr-public-shaming"), findingOf(r2, "vr-fees")
	if fine == nil || shaming == nil || levy == nil {
		t.Fatalf("second draft findings: %+v", r2.Findings)
	}
	if len(fine.Precedents) == 0 || fine.Precedents[0].Verdict != precedent.Unlawful ||
		!strings.HasPrefix(fine.Precedents[0].Summary, "同类表述于") || !strings.Contains(fine.Precedents[0].Summary, "在东湖镇村规民约审查中被认定违法") {
		t.Errorf("fine precedents: %+v", fine.Precedents)
	}
	if fine.LikelyLawful != nil {
		t.Errorf("an unlawful clause marked likely lawful: %+v", fine.LikelyLawful)
	}
	if levy.LikelyLawful == nil || levy.LikelyLawful.Verdict != precedent.Lawful || levy.LikelyLawful.URL == "" {
		t.Errorf("the clause kept as lawful is not marked likely lawful: %+v", levy)
	}
	if shaming.LikelyLawful != nil || !shaming.Grave {
		t.Errorf("a plainly dismissed grave clause: likely lawful %+v, grave %v", shaming.LikelyLawful, shaming.Grave)
	}
	// A signed review never lists its own decisions as precedents.
	for _, f := range e.review(rev, up.ReviewID).Findings {
		for _, p := range f.Precedents {
			if p.ReviewURL == fmt.Sprintf("/reviews/%d", up.ReviewID) {
				t.Errorf("review %d shows its own decision as a precedent", up.ReviewID)
			}
		}
	}
	// The review page shows them too.
	var page []byte
	rev.do("GET", fmt.Sprintf("/reviews/%d", up2.ReviewID), nil, &page)
	if !bytes.Contains(page, []byte("类似审查先例")) || !bytes.Contains(page, []byte("可能合法")) {
		t.Error("review page lacks precedents or the likely-lawful mark")
	}

	// Statistics: per-rule acceptance.
	var stats struct{ Rules []RuleStatJSON }
	if st := rev.do("GET", "/api/v1/stats/rules", nil, &stats); st != http.StatusOK {
		t.Fatalf("stats: %d", st)
	}
	byRule := map[string]RuleStatJSON{}
	for _, r := range stats.Rules {
		byRule[r.Rule] = r
	}
	if r := byRule["vr-fine"]; r.Accepted != 1 || r.AcceptanceRate != 1 {
		t.Errorf("vr-fine stats: %+v", r)
	}
	if r := byRule["vr-public-shaming"]; r.Dismissed != 1 || r.AcceptanceRate != 0 {
		t.Errorf("vr-public-shaming stats: %+v", r)
	}
	if st := clerk.do("GET", "/api/v1/stats/rules", nil, nil); st != http.StatusForbidden {
		t.Errorf("clerk reads rule statistics: %d", st)
	}
}

func urlq(s string) string { return url.QueryEscape(s) }

func findHit(hs []PrecedentHitJSON, clause string) *PrecedentHitJSON {
	for i := range hs {
		if strings.Contains(hs[i].Clause, clause) {
			return &hs[i]
		}
	}
	return nil
}

func findingOf(r ReviewJSON, rule string) *review.Finding {
	for i := range r.Findings {
		if r.Findings[i].Rule == rule {
			return &r.Findings[i].Finding
		}
	}
	return nil
}

// TestSelfCheckStoresNothing: the self-check reviews a draft, shows the
// precedents and leaves no row and no file.
func TestSelfCheckStoresNothing(t *testing.T) {
	e := newPrecEnv(t)
	clerk, rev := e.login("clerk"), e.login("reviewer")
	up := e.uploadDraft(clerk)
	e.decideAndSign(rev, up.ReviewID, []string{"vr-fine"}, nil, nil, "不合法")
	before := e.snapshot()

	var rep SelfCheckJSON
	if st := clerk.do("POST", "/api/v1/selfcheck", map[string]string{"title": "白石村村规民约", "type": "村规民约", "text": secondDraft}, &rep); st != http.StatusOK {
		t.Fatalf("self-check: %d", st)
	}
	fine := (*review.Finding)(nil)
	for i := range rep.Findings {
		if rep.Findings[i].Rule == "vr-fine" {
			fine = &rep.Findings[i]
		}
	}
	if fine == nil || len(fine.Precedents) == 0 || fine.Precedents[0].Verdict != precedent.Unlawful {
		t.Fatalf("self-check findings lack precedents: %+v", rep.Findings)
	}
	if rep.Stored {
		t.Error("self-check says stored")
	}
	// A multipart upload works the same.
	var rep2 SelfCheckJSON
	if st := clerk.upload("/api/v1/selfcheck", "草案.txt", []byte(secondDraft), map[string]string{"type": "村规民约"}, &rep2); st != http.StatusOK || len(rep2.Findings) == 0 {
		t.Fatalf("self-check upload: %d %+v", st, rep2)
	}
	var page []byte
	clerk.upload("/selfcheck", "草案.txt", []byte(secondDraft), map[string]string{"type": "村规民约"}, &page)
	if !bytes.Contains(page, []byte("自查结果")) || !bytes.Contains(page, []byte("类似审查先例")) {
		t.Error("self-check page lacks the result")
	}
	if after := e.snapshot(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Errorf("self-check stored something:\nbefore %v\nafter  %v", before, after)
	}
	for _, c := range []struct {
		body map[string]string
		want int
	}{
		{map[string]string{"text": "  "}, http.StatusBadRequest},
		{map[string]string{"text": "x", "type": "小说"}, http.StatusBadRequest},
	} {
		if st := clerk.do("POST", "/api/v1/selfcheck", c.body, nil); st != c.want {
			t.Errorf("self-check %v: %d, want %d", c.body, st, c.want)
		}
	}
	if st := e.login("admin").do("POST", "/api/v1/selfcheck", map[string]string{"text": secondDraft}, nil); st != http.StatusForbidden {
		t.Errorf("admin self-check: %d", st)
	}
}

// TestImportExportAPI: a bad file is refused whole with the line number; a
// good one is stored and searchable; the export imports into another
// workplace and exports the same bytes.
func TestImportExportAPI(t *testing.T) {
	e := newPrecEnv(t)
	clerk, rev, admin := e.login("clerk"), e.login("reviewer"), e.login("admin")
	up := e.uploadPrecedentDraft(clerk)
	e.decideAndSign(rev, up.ReviewID, []string{"vr-fine"}, []string{"vr-public-shaming"}, []string{"vr-fees"}, "不合法")

	post := func(c *client, body string, out any) int {
		req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/admin/precedents/import", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/x-ndjson")
		req.Header.Set("X-CSRF-Token", c.csrf)
		return c.send(req, out)
	}
	good := `{"id":"sft-2024-7","clause":"村民建房须经村委会批准并缴纳押金5000元","doc_type":"村规民约","date":"2024-06-12","verdict":"违法","publisher":"某省司法厅","problem":"村委会无权设定建房审批和押金"}` + "\n"
	bad := good + `{"clause":"另一条","verdict":"违法","date":"2024-13-01"}` + "\n"
	var er struct{ Error string }
	if st := post(admin, bad, &er); st != http.StatusUnprocessableEntity || !strings.Contains(er.Error, "第 2 行") {
		t.Fatalf("bad import: %d %q", st, er.Error)
	}
	var none PrecedentSearchJSON
	rev.do("GET", "/api/v1/precedents?tab=precedents&q="+urlq("押金"), nil, &none)
	if none.Total != 0 {
		t.Error("a refused file was half-imported")
	}
	if st := post(clerk, good, nil); st != http.StatusForbidden {
		t.Errorf("clerk import: %d", st)
	}
	var ok map[string]any
	if st := post(admin, good, &ok); st != http.StatusOK || ok["added"] != float64(1) {
		t.Fatalf("import: %d %v", st, ok)
	}
	var found PrecedentSearchJSON
	rev.do("GET", "/api/v1/precedents?tab=precedents&q="+urlq("押金")+"&source=import", nil, &found)
	if found.Total != 1 || found.Hits[0].Publisher != "某省司法厅" || found.Hits[0].Anonymous {
		t.Errorf("imported precedent search: %+v", found)
	}

	var export []byte
	if st := admin.do("GET", "/api/v1/admin/precedents/export", nil, &export); st != http.StatusOK {
		t.Fatalf("export: %d", st)
	}
	if n := bytes.Count(export, []byte("\n")); n != 3 {
		t.Fatalf("export has %d lines, want 3:\n%s", n, export)
	}
	e2 := newPrecEnv(t)
	admin2 := e2.login("admin")
	req, _ := http.NewRequest("POST", e2.ts.URL+"/api/v1/admin/precedents/import", bytes.NewReader(export))
	req.Header.Set("X-CSRF-Token", admin2.csrf)
	if st := admin2.send(req, nil); st != http.StatusOK {
		t.Fatalf("import into second workplace: %d", st)
	}
	var export2 []byte
	admin2.do("GET", "/api/v1/admin/precedents/export", nil, &export2)
	if !bytes.Equal(export, export2) {
		t.Errorf("round trip differs:\n%s\n%s", export, export2)
	}
}
