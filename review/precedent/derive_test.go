package precedent

import (
	"testing"
	"time"

	"lawreview/review/decision"
)

// TestFromReview: accepted findings (reviewers' own among them) become
// unlawful precedents; a dismissal becomes a lawful precedent with its
// reason only when the reviewer chose so and the rule is not grave; open
// findings and findings without a quote teach nothing.
func TestFromReview(t *testing.T) {
	text := "第一条 对偷盗集体财物的，处以500元罚款。\n第二条 损坏公共设施的，照价赔偿。\n第三条 村民应当爱护环境。"
	at := func(q string) (int, int) {
		rs, qs := []rune(text), []rune(q)
		for i := 0; i+len(qs) <= len(rs); i++ {
			if string(rs[i:i+len(qs)]) == q {
				return i, i + len(qs)
			}
		}
		t.Fatalf("%q not in the text", q)
		return 0, 0
	}
	f := func(id int64, origin, quote string, state decision.FindingState, reason string) DecidedFinding {
		s, e := at(quote)
		return DecidedFinding{ID: id, Origin: origin, Rule: "vr-fine", Item: "内容合法性", Severity: "error", Message: "问题", Suggestion: "删除",
			Quote: quote, Start: s, End: e, Basis: []Basis{{Law: "村民委员会组织法", Article: "第二十七条"}}, State: state, Reason: reason}
	}
	// lawful marks a dismissal the reviewer chose to keep as a lawful
	// precedent; grave says its rule is grave.
	lawful := func(d DecidedFinding, grave bool) DecidedFinding {
		d.LawfulPrecedent, d.Grave = true, grave
		return d
	}
	signed := time.Date(2025, 3, 18, 10, 0, 0, 0, time.Local)
	r := SignedReview{ReviewID: 7, Revision: 2, DocumentID: 3, TownshipID: 4, OfficeID: 5, Text: text, DocType: "村规民约", DocTitle: "青山村村规民约",
		Township: "青山镇", Conclusion: decision.ConclusionAmended, SignedAt: signed, Findings: []DecidedFinding{
			f(1, "engine", "处以500元罚款", decision.FindingAccepted, "no reason kept for an unlawful clause"),
			lawful(f(2, "engine", "照价赔偿", decision.FindingDismissed, "照价赔偿是民事责任"), false),
			f(6, "engine", "损坏公共设施", decision.FindingDismissed, "一次不采纳不等于认定合法"),
			lawful(f(7, "engine", "爱护", decision.FindingDismissed, "严重事项"), true),
			f(3, "engine", "爱护环境", decision.FindingOpen, ""),
			f(4, "manual", "第三条", decision.FindingAccepted, ""),
			{ID: 5, Origin: "engine", Rule: "doc-missing", State: decision.FindingAccepted}, // about the whole document
		}}
	got := FromReview(r)
	want := []struct {
		id, clause       string
		verdict          Verdict
		reason, sentence string
	}{
		{"review-7-1", "处以500元罚款", Unlawful, "", "第一条 对偷盗集体财物的，处以500元罚款。"},
		{"review-7-2", "照价赔偿", Lawful, "照价赔偿是民事责任", "第二条 损坏公共设施的，照价赔偿。"},
		{"review-7-4", "第三条", Unlawful, "", "第三条 村民应当爱护环境。"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d precedents, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		p := got[i]
		if p.ID != w.id || p.Clause != w.clause || p.Verdict != w.verdict || p.Reason != w.reason || p.Sentence != w.sentence {
			t.Errorf("precedent %d: %s %q %s reason %q sentence %q", i, p.ID, p.Clause, p.Verdict, p.Reason, p.Sentence)
		}
		if p.Source != SourceReview || p.Date != "2025-03-18" || p.Conclusion != "修改后合法" || p.DocTitle != "青山村村规民约" || p.Township != "青山镇" ||
			p.RuleTitle != "内容合法性" || p.Problem != "问题" || p.Fix != "删除" || len(p.Basis) != 1 {
			t.Errorf("precedent %d: context %+v", i, p)
		}
		if p.ReviewID != 7 || p.Revision != 2 || p.DocumentID != 3 || p.TownshipID != 4 || p.OfficeID != 5 {
			t.Errorf("precedent %d: links %+v", i, p)
		}
	}
	if got[2].Origin != "manual" {
		t.Errorf("a reviewer's own finding has origin %q", got[2].Origin)
	}
}
