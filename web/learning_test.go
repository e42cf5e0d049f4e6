package web

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"

	"lawreview/review"
	"lawreview/review/precedent"
	"lawreview/web/workflow"
)

// The learning loop's drafts (issue 11): a clause no rule flags — a
// village that makes households bring their overnight guests before the
// committee — and the same obligation in other words in a later draft.
const (
	guestClause = "村民家中来客留宿超过三天的，应当带客人到村委会说明来意"
	guestDraft  = "东湖镇青山村村规民约（草案）\n\n一、" + guestClause + "。\n\n二、村民饲养家禽家畜应当圈养，不得散放。\n\n三、本村规民约经村民会议讨论通过，自通过之日起施行。\n"
	guestAgain  = "外来人员在村民家中留宿超过三天的，户主应当带其到村委会说明来意"
	guestDraft2 = "西山街道红旗社区居民公约（草案）\n\n一、" + guestAgain + "。\n\n二、居民应当爱护公共设施。\n\n三、本公约经居民会议讨论通过，自通过之日起施行。\n"
)

// uploadText uploads text as clerk c and returns the upload.
func (e *env) uploadText(c *client, title, typ, text string) UploadResult {
	e.t.Helper()
	var up UploadResult
	if st := c.upload("/api/v1/documents", title+".txt", []byte(text), map[string]string{"title": title, "type": typ}, &up); st != http.StatusCreated {
		e.t.Fatalf("upload %s as %s: status %d", title, c.name, st)
	}
	return up
}

// precedentFinding is the review's finding of rule "precedent" on quote
// (any quote when ""), or nil.
func precedentFinding(r ReviewJSON, quote string) *FindingJSON {
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Rule == review.RulePrecedent && (quote == "" || strings.Contains(f.Quote, quote)) {
			return f
		}
	}
	return nil
}

// findingsOn are the review's findings whose quote holds word.
func findingsOn(r ReviewJSON, word string) []FindingJSON {
	var out []FindingJSON
	for _, f := range r.Findings {
		if strings.Contains(f.Quote, word) {
			out = append(out, f)
		}
	}
	return out
}

// runeOffset is the offset in runes of sub in text (the offsets findings use).
func runeOffset(t testing.TB, text, sub string) int {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in the review's text", sub)
	}
	return len([]rune(text[:i]))
}

// page is the HTML of a page as c sees it.
func (c *client) page(path string) string {
	c.e.t.Helper()
	st, _, b := c.get(path)
	if st != http.StatusOK {
		c.e.t.Fatalf("GET %s as %s: %d", path, c.name, st)
	}
	return html.UnescapeString(string(b))
}

// guestProblem is the reviewer's own finding on guestClause.
const guestProblem = "要求村民带留宿客人到村委会说明来意，干涉公民的住宅和人身自由，超出村民自治的范围。"

// learnGuestClause uploads guestDraft as clerk, lets rev add a finding of
// his own on guestClause and sign the review, all through the API, and
// returns the review and that finding.
func (e *env) learnGuestClause(clerk, rev *client) (int64, FindingJSON) {
	e.t.Helper()
	up := e.uploadText(clerk, "青山村村规民约", "村规民约", guestDraft)
	r := e.review(rev, up.ReviewID)
	start := runeOffset(e.t, r.Text, guestClause)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/findings", up.ReviewID), map[string]any{"start": start, "end": start + len([]rune(guestClause)),
		"severity": "error", "item": "内容合法性", "message": guestProblem, "suggestion": "删除该条。"}, nil); st != http.StatusOK && st != http.StatusCreated {
		e.t.Fatalf("add finding: %d", st)
	}
	r = e.review(rev, up.ReviewID)
	var own *FindingJSON
	for i := range r.Findings {
		if r.Findings[i].Origin == "manual" {
			own = &r.Findings[i]
		}
	}
	if own == nil || own.Quote != guestClause {
		e.t.Fatalf("the reviewer's own finding: %+v", own)
	}
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", up.ReviewID),
		map[string]any{"row_version": r.RowVersion, "conclusion": "修改后合法", "opinion": "删除第一条后可以提交村民会议表决。"}, nil); st != http.StatusOK {
		e.t.Fatalf("sign off: %d", st)
	}
	return up.ReviewID, *own
}

// TestLearningLoop is issue 11's learning loop through the API: a finding
// the reviewer adds by hand and signs becomes an unlawful precedent that
// finds the same obligation, in other words, in the next draft of another
// township of the office — a finding of its own (rule precedent, warning)
// with the reviewer's problem, the precedent, how close it is and a link,
// shown on the review page — and finds nothing in a draft of another
// office, whose reviewers have not judged it.
func TestLearningLoop(t *testing.T) {
	e := newPrecEnv(t)
	clerk, clerk2, clerk3, rev, rev2 := e.login("clerk"), e.login("clerk2"), e.login("clerk3"), e.login("reviewer"), e.login("reviewer2")

	// Before anyone has judged the clause, no rule and no precedent flags
	// the later wording: what is found below was learnt.
	before := e.review(rev, e.uploadText(clerk2, "红旗社区居民公约", "居民公约", guestDraft2).ReviewID)
	for _, f := range before.Findings {
		if strings.Contains(f.Quote, "留宿") {
			t.Fatalf("the later wording is flagged before anything was learnt: %+v", f)
		}
	}

	reviewID, own := e.learnGuestClause(clerk, rev)
	up := UploadResult{ReviewID: reviewID}

	// The next draft of 西山街道, another township of 城关司法所.
	up2 := e.uploadText(clerk2, "红旗社区居民公约", "居民公约", guestDraft2)
	r2 := e.review(rev, up2.ReviewID)
	pf := precedentFinding(r2, guestAgain)
	if pf == nil {
		t.Fatalf("the learnt clause is not found again: %+v", r2.Findings)
	}
	ref := pf.FromPrecedent
	wantID := precedent.LocalID(up.ReviewID, own.ID)
	if pf.Severity != review.SeverityWarning || pf.Origin != "engine" || !strings.Contains(pf.Message, guestProblem) || ref == nil ||
		ref.ID != wantID || ref.Verdict != precedent.Unlawful || ref.Source != precedent.SourceReview ||
		ref.URL != workflow.PrecedentURL(wantID) || ref.ReviewURL != workflow.ReviewURL(up.ReviewID) {
		t.Fatalf("precedent finding %+v from %+v", pf, ref)
	}
	if ref.Similarity < precedent.FindSimilarity || ref.Similarity >= 1 {
		t.Errorf("similarity %.3f: other words should be close, not identical", ref.Similarity)
	}
	pageText := rev.page(fmt.Sprintf("/reviews/%d", up2.ReviewID))
	for _, want := range []string{"data-from-precedent", "本所先例", fmt.Sprintf("相似度 %d%%", int(ref.Similarity*100+0.5)), guestClause,
		`href="` + workflow.PrecedentURL(wantID) + `"`, `href="` + workflow.ReviewURL(up.ReviewID) + `"`} {
		if !strings.Contains(pageText, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	// The clerk of 西山街道 may not read 东湖镇's review: the finding stays,
	// its source is anonymised and unlinked.
	cr := e.review(clerk2, up2.ReviewID)
	if cf := precedentFinding(cr, guestAgain); cf == nil || cf.FromPrecedent.ReviewURL != "" {
		t.Errorf("the other township's clerk sees %+v", cf)
	}

	// 南河司法所 has not judged the clause: its draft gets no such finding.
	up3 := e.uploadText(clerk3, "南河村村规民约", "居民公约", guestDraft2)
	if f := precedentFinding(e.review(rev2, up3.ReviewID), ""); f != nil {
		t.Errorf("another office's draft found from this office's review: %+v", f)
	}
}

// The 游街示众 case of issue 11: a reviewer dismissed it as "倡导性规定", and
// the next draft showed "可能合法".
const (
	paradeClause = "由村治保会没收其财产并游街示众"
	paradeDraft  = "东湖镇青山村村规民约（草案）\n\n一、对偷盗集体财物的，" + paradeClause + "。\n\n二、本村规民约经村民会议讨论通过，自通过之日起施行。\n"
	paradeDraft2 = "西山街道白石村村规民约（草案）\n\n一、对偷盗集体财物的，" + paradeClause + "。\n\n二、村民应当爱护公共设施。\n\n三、本村规民约经村民会议讨论通过，自通过之日起施行。\n"
)

// TestGraveDismissalTeachesNothing is the regression test of issue 11's
// poisoning: the findings on 游街示众 are dismissed as "倡导性规定", the
// choice "作为合法先例" is refused for them, an imported "合法" precedent of
// the same clause is stored, and the review is signed. The next draft with
// the clause still has its findings, marked grave, never likely lawful;
// its page offers no "作为合法先例" for them.
func TestGraveDismissalTeachesNothing(t *testing.T) {
	e := newPrecEnv(t)
	clerk, clerk2, rev, admin := e.login("clerk"), e.login("clerk2"), e.login("reviewer"), e.login("admin")
	up := e.uploadText(clerk, "青山村村规民约", "村规民约", paradeDraft)
	r := e.review(rev, up.ReviewID)
	parade := findingsOn(r, "游街示众")
	if len(parade) == 0 {
		t.Fatalf("no finding on 游街示众: %+v", r.Findings)
	}
	for _, f := range parade {
		if !f.Grave {
			t.Errorf("finding %s on 游街示众 is not grave", f.Rule)
		}
		path := fmt.Sprintf("/api/v1/reviews/%d/findings/%d", up.ReviewID, f.ID)
		var refusal map[string]any
		if st := rev.do("POST", path, map[string]any{"action": "dismiss", "reason": "倡导性规定", "lawful_precedent": true}, &refusal); st != http.StatusBadRequest ||
			!strings.Contains(fmt.Sprint(refusal), "严重事项") {
			t.Errorf("作为合法先例 on %s: %d %v, want 400 naming the grave subject", f.Rule, st, refusal)
		}
		if st := rev.do("POST", path, map[string]any{"action": "dismiss", "reason": "倡导性规定"}, nil); st != http.StatusOK {
			t.Fatalf("plain dismissal of %s: %d", f.Rule, st)
		}
	}
	for _, f := range e.review(rev, up.ReviewID).Findings {
		if f.LawfulPrecedent {
			t.Errorf("finding %s kept as a lawful precedent", f.Rule)
		}
	}
	// An office imports a "合法" verdict on the very clause.
	imported := fmt.Sprintf(`{"id":"local-lawful-1","clause":%q,"doc_type":"村规民约","date":"2024-06-12","rule":%q,"verdict":"合法","reason":"倡导性规定"}`+"\n",
		paradeClause, parade[0].Rule)
	req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/admin/precedents/import", strings.NewReader(imported))
	req.Header.Set("X-CSRF-Token", admin.csrf)
	if st := admin.send(req, nil); st != http.StatusOK {
		t.Fatalf("import: %d", st)
	}
	r = e.review(rev, up.ReviewID)
	if st := rev.do("POST", fmt.Sprintf("/api/v1/reviews/%d/signoff", up.ReviewID),
		map[string]any{"row_version": r.RowVersion, "conclusion": "合法", "opinion": "同意提交村民会议表决。"}, nil); st != http.StatusOK {
		t.Fatalf("sign off: %d", st)
	}
	var lawful PrecedentSearchJSON
	rev.do("GET", "/api/v1/precedents?tab=precedents&source=review&verdict="+urlq("合法"), nil, &lawful)
	if lawful.Total != 0 {
		t.Errorf("the dismissals became lawful precedents: %+v", lawful.Hits)
	}

	up2 := e.uploadText(clerk2, "白石村村规民约", "村规民约", paradeDraft2)
	again := findingsOn(e.review(rev, up2.ReviewID), "游街示众")
	if len(again) != len(parade) {
		t.Errorf("the next draft has %d findings on 游街示众, the first had %d", len(again), len(parade))
	}
	for _, f := range again {
		if f.LikelyLawful != nil || !f.Grave {
			t.Errorf("finding %s: likely lawful %+v, grave %v", f.Rule, f.LikelyLawful, f.Grave)
		}
	}
	pageText := rev.page(fmt.Sprintf("/reviews/%d", up2.ReviewID))
	if strings.Contains(pageText, "data-likely-lawful") || strings.Contains(pageText, "可能合法") {
		t.Error("the next draft's page says 可能合法")
	}
	if !strings.Contains(pageText, "data-grave") || strings.Contains(pageText, "data-lawful-precedent") {
		t.Error("the page offers 作为合法先例 for a grave finding")
	}
}

// Findings from the public bank on a first start: the bank is loaded into
// storage and the index, and a draft's clause that no rule flags but that
// repeats, in other words, a case 市场监管总局 published (pub-gpjz-0051: a
// reward to one named platform company, 公平竞争审查条例 第十条; the earlier
// listing-reward clause is now nd-local-protection's own) is a finding that
// names the publisher, the year and the articles, with the published
// address and a link to the precedent.
const listingDraft = "东湖镇关于促进保温产业发展的若干措施\n\n一、对保温产业平台运营公司给予产业发展专项资金奖励，年度考评每得1分奖励1万元。\n\n二、本措施自印发之日起施行，有效期三年。\n"

func TestBankFindingsOnFirstStart(t *testing.T) {
	e := newBankEnv(t)
	clerk, rev := e.login("clerk"), e.login("reviewer")
	up := e.uploadText(clerk, "关于促进保温产业发展的若干措施", "规范性文件", listingDraft)
	r := e.review(rev, up.ReviewID)
	pf := precedentFinding(r, "保温产业平台")
	if pf == nil {
		t.Fatalf("no finding from the bank: %+v", r.Findings)
	}
	ref := pf.FromPrecedent
	const lead = "国家市场监督管理总局2023年公布的案例中，同类条款被认定违反《公平竞争审查条例》"
	if ref == nil || ref.Source != precedent.SourcePublic || !precedent.IsBankID(ref.ID) || !strings.HasPrefix(ref.Summary, lead) ||
		ref.SourceURL == "" || ref.URL != workflow.PrecedentURL(ref.ID) || ref.Similarity < precedent.FindSimilarity || len(pf.Basis) == 0 {
		t.Fatalf("bank finding %+v from %+v", pf, ref)
	}
	pageText := rev.page(fmt.Sprintf("/reviews/%d", up.ReviewID))
	for _, want := range []string{"已公布案例", lead, fmt.Sprintf("相似度 %d%%", int(ref.Similarity*100+0.5)), `href="` + ref.SourceURL + `"`, `href="` + ref.URL + `"`} {
		if !strings.Contains(pageText, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	for _, other := range pf.Precedents {
		if other.ID == ref.ID {
			t.Error("the finding's own precedent is listed again among the similar ones")
		}
	}
	if p := rev.page(ref.URL); !strings.Contains(p, "国家市场监督管理总局") || !strings.Contains(p, "公布原文") {
		t.Error("the precedent's page lacks its publisher or address")
	}
}
