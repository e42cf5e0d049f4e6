package review

import (
	"slices"
	"testing"

	"lawreview/corpus"
)

// Two small rules exercise the catch-all machinery in isolation from the
// shipped rule set: a specific rule for 罚款 and a catch-all for any
// consequence after a condition (near.before).
const specificRule = `id: t-fine
title: 罚款
item: 内容合法性
types: [村规民约]
severity: warning
scope: sentence
match:
  any: [罚款]
message: 不得罚款。
suggestion: 删除。
basis:
  - {law: 村民委员会组织法, article: 第二十七条}
examples:
  trigger: [违者罚款200元。]
  pass: [爱护公物。]
`

const catchallRule = `id: t-catchall
title: 惩戒措施
item: 内容合法性
types: [村规民约]
severity: warning
scope: sentence
fallback: true
match:
  regex: ['(?:罚款|取消)']
near:
  scope: sentence
  before: true
  regex: ['违者']
message: 惩戒措施需核查。
suggestion: 核查。
basis:
  - {law: 村民委员会组织法, article: 第二十七条}
examples:
  trigger: [违者取消其福利。]
  pass: [取消福利的，违者不究。]
`

func fallbackEngine(t *testing.T) *Engine {
	t.Helper()
	var rules []*Rule
	for name, src := range map[string]string{"t-fine.yaml": specificRule, "t-catchall.yaml": catchallRule} {
		r, err := ParseRule(name, []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		rules = append(rules, r)
	}
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	e, err := New(Config{Laws: c, Rules: rules})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestFallbackYieldsToSpecificRule(t *testing.T) {
	e := fallbackEngine(t)
	for _, tc := range []struct {
		text      string
		wantRules []string // rule ids reported, in order
		merged    []string // merged ids of the first finding
	}{
		// Same place: the specific rule's id is reported, the catch-all only merged.
		{"某村村规民约\n违者罚款200元。", []string{"t-fine"}, []string{"t-catchall"}},
		// Only the catch-all knows this consequence.
		{"某村村规民约\n违者取消其当年福利。", []string{"t-catchall"}, nil},
		// near.before: the condition must precede the consequence.
		{"某村村规民约\n取消福利的规定，违者不究。", nil, nil},
	} {
		rep, err := e.Review(Input{Text: tc.text}, Options{Type: "村规民约", At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range rep.Findings {
			got = append(got, f.Rule)
		}
		if !slices.Equal(got, tc.wantRules) {
			t.Errorf("%q: rules %v, want %v", tc.text, got, tc.wantRules)
			continue
		}
		if len(rep.Findings) > 0 && !slices.Equal(rep.Findings[0].Merged, tc.merged) {
			t.Errorf("%q: merged %v, want %v", tc.text, rep.Findings[0].Merged, tc.merged)
		}
		checkInvariants(t, tc.text, rep)
	}
}
