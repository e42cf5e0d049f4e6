package learn

import (
	"bytes"
	"fmt"
	"testing"
)

// toy is a small problem with a known answer: family A's sentences carry
// 本地 and 优惠 together; lawful ones carry either alone or neither, so
// only the pair feature separates them.
func toy() []Example {
	var out []Example
	for i := 0; i < 40; i++ {
		w := fmt.Sprintf("w:%d", i%7)
		out = append(out,
			Example{Features: []string{"c:本地", "c:优惠", "p:本地+优惠", w}, Family: "A"},
			Example{Features: []string{"c:本地", w}},
			Example{Features: []string{"c:优惠", w, "w:公开"}},
			Example{Features: []string{w, "w:其他"}},
		)
	}
	// B has too few positives to be trained.
	out = append(out, Example{Features: []string{"w:罚款"}, Family: "B"})
	return out
}

func TestTrainSeparates(t *testing.T) {
	m := Train(toy(), []string{"A", "B"}, DefaultOptions)
	if len(m.Families) != 1 || m.Families[0].Name != "A" || m.Family("B") != nil {
		t.Fatalf("want only family A (B has 1 positive, under MinPositives): %+v", m.Families)
	}
	a := m.Family("A")
	for _, tc := range []struct {
		feats []string
		high  bool
	}{
		{[]string{"c:本地", "c:优惠", "p:本地+优惠", "w:3"}, true},
		{[]string{"c:本地", "w:3"}, false},
		{[]string{"c:优惠", "w:公开"}, false},
		{[]string{"w:其他"}, false},
	} {
		p, why := a.Score(tc.feats)
		if (p >= 0.5) != tc.high {
			t.Errorf("Score(%v) = %.3f, want high=%v", tc.feats, p, tc.high)
		}
		if tc.high && (len(why) == 0 || why[0].Feature != "p:本地+优惠") {
			t.Errorf("Score(%v): strongest feature %v, want the pair first", tc.feats, why)
		}
	}
	// Unknown features change nothing.
	p1, _ := a.Score([]string{"w:其他"})
	p2, _ := a.Score([]string{"w:其他", "w:从未见过"})
	if p1 != p2 {
		t.Errorf("an unseen feature moved the score: %.4f -> %.4f", p1, p2)
	}
}

func TestTrainDeterministic(t *testing.T) {
	a, err := Train(toy(), []string{"A"}, DefaultOptions).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(toy(), []string{"A"}, DefaultOptions).Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two trainings on the same examples differ")
	}
	m, err := Parse(a)
	if err != nil {
		t.Fatal(err)
	}
	c, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, c) {
		t.Fatal("a parsed model does not marshal back to the same bytes")
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"", "{", `{"version":2}`, `[]`} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%q): no error", in)
		}
	}
}

// TestRuleNamer: the family's positives come under two rules that a word
// separates (a fee under A1, a designated supplier under A2) while the
// features that make them the family's are shared; the namer must name
// each by its word, keep to the rules allowed, and leave lawful examples
// and other families' positives out of its training.
func TestRuleNamer(t *testing.T) {
	var exs []Example
	for i := 0; i < 30; i++ {
		w := fmt.Sprintf("w:%d", i%5)
		exs = append(exs,
			Example{Features: []string{"c:本地", "c:经营", "w:收费", w}, Family: "A", Rules: []string{"A1"}},
			Example{Features: []string{"c:本地", "c:经营", "w:指定", w}, Family: "A", Rules: []string{"A2"}},
			// Shared by both rules: counts half for each.
			Example{Features: []string{"c:本地", "c:经营", "w:收费", "w:指定", w}, Family: "A", Rules: []string{"A1", "A2"}},
			Example{Features: []string{"c:本地", w}},
			// A lawful sentence naming a rule trains no namer.
			Example{Features: []string{"w:指定", w}, Rules: []string{"A1"}},
		)
	}
	m := Train(exs, []string{"A"}, Options{Iterations: 200, Rate: 0.3, L1: 0.0005, L2: 0.001, MinCount: 2, MinPositives: 10})
	a := m.Family("A")
	if len(a.Rules) != 2 || a.Rules[0].Rule != "A1" || a.Rules[1].Rule != "A2" {
		t.Fatalf("namer classes %+v, want A1 and A2 in order", a.Rules)
	}
	if a.Rules[0].Positives != 45 || a.Rules[1].Positives != 45 {
		t.Errorf("positives %v and %v, want 45 each (30 own, 30 shared at half)", a.Rules[0].Positives, a.Rules[1].Positives)
	}
	for _, tc := range []struct {
		feats   []string
		allowed func(string) bool
		want    string
	}{
		{[]string{"c:本地", "c:经营", "w:收费", "w:2"}, nil, "A1"},
		{[]string{"c:本地", "c:经营", "w:指定", "w:2"}, nil, "A2"},
		{[]string{"c:本地", "c:经营", "w:指定"}, func(r string) bool { return r == "A1" }, "A1"},
		{[]string{"w:指定"}, func(string) bool { return false }, ""},
	} {
		if got := a.RuleFor(tc.feats, tc.allowed); got != tc.want {
			t.Errorf("RuleFor(%v) = %q, want %q", tc.feats, got, tc.want)
		}
	}
	// A model file with the namer parses back to the same names.
	b, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Family("A").RuleFor([]string{"w:收费"}, nil); got != "A1" {
		t.Errorf("parsed model names w:收费 %q, want A1", got)
	}
	// A family whose positives name one rule has no namer: nothing to choose.
	one := Train(exs[:0:0], []string{"A"}, DefaultOptions)
	if len(one.Families) != 0 {
		t.Fatalf("empty training gave families %+v", one.Families)
	}
	var single []Example
	for _, ex := range exs {
		if ex.Family == "A" {
			ex.Rules = []string{"A1"}
		}
		single = append(single, ex)
	}
	if s := Train(single, []string{"A"}, Options{Iterations: 50, Rate: 0.3, MinCount: 2, MinPositives: 10}).Family("A"); len(s.Rules) != 0 || s.RuleFor([]string{"w:收费"}, nil) != "" {
		t.Errorf("one rule: namer %+v, want none", s.Rules)
	}
}
