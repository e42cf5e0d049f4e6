package review

import (
	"testing"

	"lawreview/corpus"
)

// engineWithoutElements is the default engine with every rule's element
// removed: what the rules find by their own matches and families.
func engineWithoutElements(t *testing.T) *Engine {
	t.Helper()
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	rules, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rules {
		r.element = nil
	}
	e, err := New(Config{Laws: c, Rules: rules, NoLearned: true})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestElementExamples: a rule's element (Rule.Element) is merged into a
// place another rule of its item (or one its Also names) marks in each
// trigger example, and never in a pass example; every example is a place
// such a rule marks (a pass example nothing marks would test nothing).
func TestElementExamples(t *testing.T) {
	e := testEngine(t)
	bare := engineWithoutElements(t)
	n := 0
	for _, r := range e.Rules() {
		if r.element == nil {
			continue
		}
		n++
		for _, id := range r.Element.Also {
			if e.rule(id) == nil || id == r.ID {
				t.Errorf("%s element: also names %q, no other rule", r.ID, id)
			}
		}
		typ := r.Types[0]
		check := func(ex string, want bool) {
			rep, err := e.Review(Input{Text: ex}, Options{Type: typ, At: reviewDate})
			if err != nil {
				t.Fatal(err)
			}
			checkInvariants(t, ex, rep)
			marked, merged := false, false
			for _, f := range rep.Findings {
				if f.Document || e.rule(f.Rule) == nil || e.rule(f.Rule).Item != r.Item && !contains(r.Element.Also, f.Rule) {
					continue
				}
				marked = true
				if f.Rule == r.ID || contains(f.Merged, r.ID) {
					merged = true
				}
			}
			switch {
			case !marked:
				t.Errorf("%s element: no rule of %s marks %q", r.ID, r.Item, ex)
			case merged != want:
				t.Errorf("%s element: %q carries the rule = %v, want %v; got %v", r.ID, ex, merged, want, ruleIDs(rep))
			}
		}
		for _, ex := range r.Element.Examples.Trigger {
			check(ex, true)
			// A trigger shows the element at work: without elements the
			// rule is not on the place.
			rep, err := bare.Review(Input{Text: ex}, Options{Type: typ, At: reviewDate})
			if err != nil {
				t.Fatal(err)
			}
			if f := flagged(rep, r.ID); f != nil {
				t.Errorf("%s element: trigger %q is found by the rule itself (%q), not by its element", r.ID, ex, f.Quote)
			}
		}
		for _, ex := range r.Element.Examples.Pass {
			check(ex, false)
		}
	}
	if n == 0 {
		t.Error("no rule has an element")
	}
}

// TestElementLoader: an element needs a match rule, its own match and
// examples of both kinds.
func TestElementLoader(t *testing.T) {
	const head = "id: x\ntitle: t\nitem: 公平竞争\ntypes: [决定]\nseverity: error\nmessage: m\nbasis: [{law: 宪法, article: 第三十三条}]\nexamples: {trigger: [罚款]}\n"
	for _, tail := range []string{
		"match: {any: [罚款]}\nelement: {match: {any: [罚]}, examples: {trigger: [罚]}}\n",
		"match: {any: [罚款]}\nelement: {examples: {trigger: [罚], pass: [奖]}}\n",
		"require: {any: [罚款]}\nscope: document\nelement: {match: {any: [罚]}, examples: {trigger: [罚], pass: [奖]}}\n",
	} {
		if _, err := ParseRule("x.yaml", []byte(head+tail)); err == nil {
			t.Errorf("element accepted:\n%s", tail)
		}
	}
	if _, err := ParseRule("x.yaml", []byte(head+"match: {any: [罚款]}\nelement: {match: {any: [罚]}, examples: {trigger: [罚], pass: [奖]}}\n")); err != nil {
		t.Errorf("element refused: %v", err)
	}
}
