package review

import (
	"strings"
	"testing"
)

func TestProblemNote(t *testing.T) {
	cn := func(n int) string { return []string{"零", "一", "二", "三", "四"}[n] }
	tests := []struct {
		name    string
		refs    []ProblemRef
		numeral func(int) string
		want    string
	}{
		{"none", nil, nil, ""},
		{"one", []ProblemRef{{"村规民约设定罚款", 1}}, nil, "村规民约设定罚款（问题1）"},
		{"same title shares an entry", []ProblemRef{{"设定罚款", 1}, {"公开曝光", 2}, {"设定罚款", 4}}, nil, "设定罚款（问题1、4）；公开曝光（问题2）"},
		{"a number once", []ProblemRef{{"设定罚款", 3}, {"设定罚款", 3}}, nil, "设定罚款（问题3）"},
		{"opinion numerals", []ProblemRef{{"设定罚款", 1}, {"限制信访", 3}}, cn, "设定罚款（问题一）；限制信访（问题三）"},
		{"untitled", []ProblemRef{{" ", 2}}, nil, "存在问题（问题2）"},
	}
	for _, tt := range tests {
		if got := ProblemNote(tt.refs, tt.numeral); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

// TestChecklistWording: the notes read as a reviewer writes them — the
// problems by title and number, no rule id, no machine phrase — and the
// ids stay in Rules for programs.
func TestChecklistWording(t *testing.T) {
	e := testEngine(t)
	text := "青山村村规民约\n第一条 对偷盗集体财物的，由村委会处以500元罚款，并在村务公开栏公开曝光。\n" +
		"第二条 村民不得越级上访，违者取消当年集体收益分配资格。\n第三条 外嫁女及其子女不再享受本村集体经济组织收益分配。\n"
	rep, err := e.Review(Input{Title: "青山村村规民约", Text: text}, Options{Type: "村规民约", At: reviewDate})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) < 3 {
		t.Fatalf("%d findings, want at least the fine, the petition ban and the women's rights", len(rep.Findings))
	}
	ids := []string{RulePrecedent}
	for _, r := range e.Rules() {
		ids = append(ids, r.ID)
	}
	byItem := map[string]ChecklistItem{}
	for _, c := range rep.Checklist {
		for _, id := range ids {
			if strings.Contains(c.Note, id) || strings.Contains(c.Title, id) {
				t.Errorf("%s: note %q names rule %s", c.Item, c.Note, id)
			}
		}
		for _, machine := range []string{"自动检查", "规则", "请人工审查"} {
			if strings.Contains(c.Note, machine) {
				t.Errorf("%s: note %q says %s", c.Item, c.Note, machine)
			}
		}
		if c.Rule == "" {
			byItem[c.Item] = c
		}
	}
	for i, f := range rep.Findings {
		if f.Severity == SeverityInfo {
			continue
		}
		c := byItem[f.Item]
		if c.Status != StatusProblem || !contains(c.Rules, f.Rule) {
			t.Errorf("finding %d (%s) not counted under %s: %+v", i+1, f.Rule, f.Item, c)
		}
		if want := ProblemNote([]ProblemRef{{f.Title, i + 1}}, nil); !strings.Contains(c.Note, strings.TrimSuffix(want, "）")) {
			t.Errorf("%s note %q does not name problem %d as %q", f.Item, c.Note, i+1, want)
		}
	}
	for _, item := range Items {
		c := byItem[item]
		if c.Status == StatusOK && c.Note != NoteOK || c.Status == StatusManual && c.Note != NoteManual {
			t.Errorf("%s: status %s note %q", item, c.Status, c.Note)
		}
	}
}
