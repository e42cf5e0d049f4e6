package review

import (
	"strings"
	"testing"
)

// TestRuleKinds checks that the loader names every embedded rule's kind
// from its fields, that each kind is in use, and that the kind agrees
// with the fields the engine used to ask about before rules had kinds.
func TestRuleKinds(t *testing.T) {
	rules, err := DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	used := map[Kind]int{}
	for _, r := range rules {
		used[r.Kind]++
		var want Kind
		switch {
		case r.Manual:
			want = KindManual
		case strings.HasPrefix(r.Check, "citation"):
			want = KindCitation
		case r.Check != "":
			want = KindCheck
		case r.Match != nil && r.Scope != "document":
			want = KindMatch
		case r.Scope == "document" && (r.Require != nil || r.When != nil):
			want = KindRequire
		}
		if r.Kind != want || r.mech == nil {
			t.Errorf("%s: kind %q, want %q (compiled: %v)", r.ID, r.Kind, want, r.mech != nil)
		}
		if got := r.mech != nil && r.mech.anchors() != nil; got != (r.Kind == KindMatch) {
			t.Errorf("%s: prefiltered %v for kind %s", r.ID, got, r.Kind)
		}
	}
	for _, k := range kinds {
		if used[k] == 0 {
			t.Errorf("no embedded rule of kind %s", k)
		}
	}
}

// TestExplicitKind checks that a file may name its kind, and that the name
// must agree with the rule's fields: kind: manual stands for manual: true.
func TestExplicitKind(t *testing.T) {
	match := strings.Replace(fakeRule, "%s", "第二条", 1)
	manual := "id: test-manual\ntitle: 测试\nitem: 程序合法性\ntypes: [决定]\nnote: 审查是否经集体讨论。\n"
	for _, tc := range []struct {
		name, file, text string
		want             Kind
		err              string
	}{
		{"match named", "test-fine.yaml", match + "kind: match\n", KindMatch, ""},
		{"match derived", "test-fine.yaml", match, KindMatch, ""},
		{"manual named", "test-manual.yaml", manual + "kind: manual\n", KindManual, ""},
		{"manual flag", "test-manual.yaml", manual + "manual: true\n", KindManual, ""},
		{"disagrees", "test-fine.yaml", match + "kind: citation\n", "", "kind 为 citation，但规则按其写法是 match 规则"},
		{"unknown", "test-fine.yaml", match + "kind: existence\n", "", "kind 应为 match、require、check、citation、manual 之一"},
	} {
		r, err := ParseRule(tc.file, []byte(tc.text))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.name, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if r.Kind != tc.want || r.Manual != (tc.want == KindManual) {
			t.Errorf("%s: kind %s manual %v, want %s", tc.name, r.Kind, r.Manual, tc.want)
		}
	}
}

// TestNewRefusesUncompiledRule: a Rule literal has no kind, and the engine
// says so instead of failing in the middle of a review.
func TestNewRefusesUncompiledRule(t *testing.T) {
	_, err := New(Config{Laws: testEngine(t).laws, Rules: []*Rule{{ID: "literal"}}})
	if err == nil || !strings.Contains(err.Error(), "literal") {
		t.Fatalf("New accepted a rule literal: %v", err)
	}
}
