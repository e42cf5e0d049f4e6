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
