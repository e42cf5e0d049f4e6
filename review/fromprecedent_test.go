package review

import (
	"encoding/json"
	"strings"
	"testing"

	"lawreview/corpus"
	"lawreview/review/precedent"
)

// precedentEngine is an engine with one rule (vr-fine) and the rules ids
// name, so which sentences "no rule flags" does not move when the rule set
// changes.
func precedentEngine(t *testing.T, ps []precedent.Precedent, grave func(string) bool, ids ...string) *Engine {
	t.Helper()
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	all, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	var rules []*Rule
	for _, r := range all {
		if r.ID == "vr-fine" || contains(ids, r.ID) {
			rules = append(rules, r)
		}
	}
	f := precedent.NewFinder(ps, precedent.FinderOptions{Grave: grave, Background: ArticleTexts(c)})
	e, err := New(Config{Laws: c, Rules: rules, Precedents: f})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestPrecedentFindings(t *testing.T) {
	women := precedent.Precedent{ID: "import-pub-cgmy-0001", Clause: "外嫁女及其子女不再享受本村集体经济收益分配", Verdict: precedent.Unlawful,
		Rule: "vr-fine", Date: "2021-05-12", Source: precedent.SourcePublic, Publisher: "某市司法局", URL: "https://example.gov.cn/1",
		Problem: "剥夺外嫁女的集体经济组织成员权益。", Fix: "删除该条。", Basis: []precedent.Basis{{Law: "妇女权益保障法", Article: "第五十五条"}}}
	local := precedent.Precedent{ID: "review-4-2", Clause: "由村治保会没收其财产并游街示众", Verdict: precedent.Unlawful, Rule: "manual",
		Date: "2025-03-18", DocType: "村规民约", Township: "东湖镇", Source: precedent.SourceReview, Problem: "侵犯人身权利和财产权。"}
	localOK := local
	localOK.ID, localOK.Verdict, localOK.Date = "review-5-1", precedent.Lawful, "2025-04-01"
	text := "某村村规民约\n第一条 外嫁女及其子女不再享受本村集体经济收益分配。\n第二条 违反本约的，罚款200元，外嫁女及其子女不再享受本村集体经济收益分配。\n" +
		"第三条 对偷盗者，由村治保会没收其财产并游街示众。\n第四条 本村户籍村民依照章程享受本村集体经济收益分配。\n"
	e := precedentEngine(t, []precedent.Precedent{women, local}, nil)
	rep, err := e.Review(Input{Title: "某村村规民约", Text: text}, Options{Type: "村规民约", At: reviewDate})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, "precedents", rep)
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Rule+":"+f.Quote)
	}
	want := []string{
		"precedent:外嫁女及其子女不再享受本村集体经济收益分配", // 第一条
		"vr-fine:罚款200元", // 第二条: a rule flagged the sentence
		"precedent:由村治保会没收其财产并游街示众", // 第三条
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("findings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	pub, own := rep.Findings[0], rep.Findings[2]
	if pub.Severity != SeverityWarning || pub.Item != "内容合法性" || !strings.HasPrefix(pub.Title, "与被认定违法的先例相似：") {
		t.Errorf("public: severity %s item %s title %s", pub.Severity, pub.Item, pub.Title)
	}
	if pub.Message != "与已公布案例中被认定违法的条款相似（某市司法局2021年公布）：剥夺外嫁女的集体经济组织成员权益。" || pub.Suggestion != "删除该条。" {
		t.Errorf("public message %q, suggestion %q", pub.Message, pub.Suggestion)
	}
	if len(pub.Basis) != 1 || pub.Basis[0].Law != "中华人民共和国妇女权益保障法" || pub.Basis[0].Text == "" {
		t.Errorf("public basis %+v", pub.Basis)
	}
	ref := pub.FromPrecedent
	if ref == nil || ref.ID != women.ID || ref.Publisher != "某市司法局" || ref.SourceURL != women.URL || ref.Source != "public" || ref.Similarity != 1 || ref.Date != "2021-05-12" {
		t.Errorf("public reference %+v", ref)
	}
	if own.Message != "与本所以往审查中被认定违法的条款相似（2025年3月村规民约审查）：侵犯人身权利和财产权。" || own.FromPrecedent.Township != "" {
		t.Errorf("local message %q, township %q", own.Message, own.FromPrecedent.Township)
	}
	if !strings.Contains(own.Suggestion, "参照") || len(own.Basis) != 0 {
		t.Errorf("local suggestion %q basis %+v", own.Suggestion, own.Basis)
	}
	// The checklist counts the precedent findings under their item.
	for _, ci := range rep.Checklist {
		if ci.Item == "内容合法性" && (ci.Status != StatusProblem || !contains(ci.Rules, RulePrecedent) || !strings.Contains(ci.Note, "与被认定违法的先例相似（问题3）")) {
			t.Errorf("checklist %+v", ci)
		}
	}
	// The JSON contract grows by one field.
	b, err := json.Marshal(pub)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"from_precedent":{`, `"similarity":1`, `"source_url":"https://example.gov.cn/1"`, `"publisher":"某市司法局"`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("JSON lacks %s: %s", k, b)
		}
	}

	// A local lawful decision on the same wording cancels a local unlawful
	// one, but never a grave rule's.
	for _, tt := range []struct {
		grave func(string) bool
		want  int
	}{{nil, 2}, {func(r string) bool { return r == "manual" }, 3}} {
		e := precedentEngine(t, []precedent.Precedent{women, local, localOK}, tt.grave)
		rep, err := e.Review(Input{Title: "某村村规民约", Text: text}, Options{Type: "村规民约", At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Findings) != tt.want {
			t.Errorf("with a lawful local precedent (grave %v): %d findings, want %d", tt.grave != nil, len(rep.Findings), tt.want)
		}
	}
}

// TestPrecedentDocumentFinding: a document finding quoted at a sentence
// (nd-validity-missing at the 施行 sentence) is one finding per problem —
// a precedent of an earlier review of the same sentence, or one naming a
// document rule that has already reported, adds no second finding.
func TestPrecedentDocumentFinding(t *testing.T) {
	same := precedent.Precedent{ID: "review-7-1", Clause: "本办法自2025年3月1日起施行", Verdict: precedent.Unlawful,
		Rule: "nd-validity-missing", Date: "2025-02-10", DocType: "规范性文件", Source: precedent.SourceReview, Problem: "未规定有效期。"}
	named := same
	named.ID, named.Clause = "review-7-2", "本通知由镇政府办公室负责解释"
	other := same
	other.ID, other.Clause, other.Rule, other.Problem = "review-7-3", "外来车辆进入本镇须交纳管理费", "manual", "无依据收费。"
	e := precedentEngine(t, []precedent.Precedent{same, named, other}, nil, "nd-validity-missing")
	text := "东山镇人民政府关于加强集镇管理的办法\n第一条 外来车辆进入本镇须交纳管理费。\n第二条 本通知由镇政府办公室负责解释。\n第三条 本办法自2025年3月1日起施行。\n"
	rep, err := e.Review(Input{Text: text}, Options{Type: "规范性文件", At: reviewDate})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, "precedent and document finding", rep)
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.Rule+":"+f.Quote)
	}
	want := []string{
		"precedent:外来车辆进入本镇须交纳管理费", // a precedent of another problem still reports
		"nd-validity-missing:本办法自2025年3月1日起施行",
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("findings\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
