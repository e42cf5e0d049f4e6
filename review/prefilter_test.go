package review

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"regexp/syntax"
	"slices"
	"sort"
	"strings"
	"testing"

	"lawreview/corpus"
	"lawreview/review/precedent"
)

// TestPrefilterKeepsFindings: the prefilter only skips work. Every rule
// example (as a document of each type the rule applies to and of unknown
// type) and every evaluation draft (tree and real
// set, detected type and unknown type) gives the same report with and
// without it.
func TestPrefilterKeepsFindings(t *testing.T) {
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	with, err := New(Config{Laws: c})
	if err != nil {
		t.Fatal(err)
	}
	without, err := New(Config{Laws: c})
	if err != nil {
		t.Fatal(err)
	}
	without.prefilter = nil
	if len(with.prefilter.filters) == 0 {
		t.Fatal("no rule has an anchor")
	}
	same := func(name, text, typ string) {
		t.Helper()
		a, errA := with.Review(Input{Text: text}, Options{Type: typ, At: reviewDate})
		b, errB := without.Review(Input{Text: text}, Options{Type: typ, At: reviewDate})
		if errA != nil || errB != nil {
			t.Fatalf("%s: %v / %v", name, errA, errB)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s [%s]: findings differ with the prefilter\n with %v\n without %v", name, typ, ruleIDs(a), ruleIDs(b))
		}
	}
	examples := 0
	for _, r := range with.Rules() {
		for _, ex := range append(slices.Clone(r.Examples.Trigger), r.Examples.Pass...) {
			for _, typ := range append([]string{TypeOther}, typesOf(r)...) {
				same(r.ID, ex, typ)
			}
			examples++
		}
	}
	drafts := 0
	for _, dir := range []string{evalDir, realDir} {
		files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
		tables, _ := filepath.Glob(filepath.Join(dir, "*-[0-9]*.md")) // documents as tables, not README.md
		files = append(files, tables...)
		if err != nil || len(files) == 0 {
			t.Fatalf("no drafts in %s: %v", dir, err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			same(filepath.Base(f), string(b), "")
			same(filepath.Base(f), string(b), TypeOther)
			drafts++
		}
	}
	// The bank's clauses, in their sentences and under their documents'
	// types: round 11's word-class rules were written against them, so
	// they are where a rule's own shapes are most varied.
	b, err := precedent.Bank()
	if err != nil {
		t.Fatal(err)
	}
	clauses := 0
	for _, p := range b.Entries {
		text, _ := bankText(p)
		typ := p.DocType
		if !contains(Types, typ) {
			typ = ""
		}
		same(p.ID, text, typ)
		clauses++
	}
	t.Logf("%d rules (%d with anchors), %d examples, %d drafts, %d bank clauses", len(with.Rules()), len(with.prefilter.filters), examples, drafts, clauses)
}

func TestRegexAnchors(t *testing.T) {
	for _, tc := range []struct {
		re   string
		want [][]string
	}{
		{`罚款`, [][]string{{"罚款"}}},
		{`处以[^。]{0,6}罚款`, [][]string{{"处以"}, {"罚款"}}},
		{`(?:征收|征地)[^。\n]{0,10}(?:补偿|安置)`, [][]string{{"征收", "征地"}, {"补偿", "安置"}}},
		{`(?:甲方|乙方)[（(]?`, [][]string{{"甲方", "乙方"}}},
		{`(?:没收|扣[发押])`, [][]string{{"没收", "扣发", "扣押"}}},
		{`[罚扣]款`, [][]string{{"扣款", "罚款"}}},
		{`(?:罚款)?不得`, [][]string{{"不得"}}},
		{`(?:罚款|.)`, nil},
		{`\d+元`, [][]string{{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}, {"元"}}},
		{`[^，]{0,3}罚款|[^，]+`, nil},
		{`^\s*$`, nil},
		{`(?i)abc罚`, [][]string{{"罚"}}},
		{`(?i)罚ab款`, [][]string{{"罚"}, {"款"}}},
		{`(?:违者)+罚`, [][]string{{"违者"}, {"罚"}}},
	} {
		re, err := syntax.Parse(tc.re, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		got := regexClauses(re.Simplify())
		for _, c := range got {
			sort.Strings(c)
		}
		for _, c := range tc.want {
			sort.Strings(c)
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: anchors %q, want %q", tc.re, got, tc.want)
		}
	}
}

// A derived anchor is sound only if every text the regex matches holds
// one; check it on the rules' own examples, where their regexes match.
func TestRegexAnchorsHoldOnMatches(t *testing.T) {
	e := testEngine(t)
	for _, r := range e.Rules() {
		for _, m := range ruleMatchers(r) {
			for _, re := range m.regex {
				parsed, err := syntax.Parse(re.String(), syntax.Perl)
				if err != nil {
					t.Fatal(err)
				}
				clauses := regexClauses(parsed.Simplify())
				for _, ex := range append(slices.Clone(r.Examples.Trigger), r.Examples.Pass...) {
					anchorsHold(t, r.ID, re.compiled(), clauses, ex)
				}
			}
		}
	}
}

// FuzzRegexAnchors: whatever a regular expression matches holds one
// anchor of each of its conditions.
func FuzzRegexAnchors(f *testing.F) {
	f.Add(`(?:征收|征地)[^。\n]{0,10}(?:补偿|安置)`, "征地拆迁补偿")
	f.Add(`[罚扣]款|没收`, "扣款")
	f.Add(`(?i)ab罚(?:cd)+`, "AB罚cDCd")
	f.Add(`(?:违者)?[0-9]{2,}元`, "违者200元")
	f.Fuzz(func(t *testing.T, expr, text string) {
		re, err := regexp.Compile(expr)
		if err != nil {
			return
		}
		parsed, err := syntax.Parse(expr, syntax.Perl)
		if err != nil {
			return
		}
		anchorsHold(t, "fuzz", re, regexClauses(parsed.Simplify()), text)
	})
}

// anchorsHold checks that every match of re in text holds an anchor of
// each clause.
func anchorsHold(t *testing.T, name string, re *regexp.Regexp, clauses [][]string, text string) {
	t.Helper()
	for _, loc := range re.FindAllStringIndex(text, -1) {
		hit := text[loc[0]:loc[1]]
		if hit == "" {
			continue
		}
		for _, c := range clauses {
			if !slices.ContainsFunc(c, func(a string) bool { return strings.Contains(hit, a) }) {
				t.Errorf("%s: %s matched %q, which holds none of %q", name, re, hit, c)
			}
		}
	}
}

// TestPrefilterCoversEveryRule: every rule with a matcher has an anchor
// condition, and every regular expression of a rule with several has its
// own. A rule that escapes the prefilter runs on every sentence: two did,
// and were half of the rules' time in a review.
func TestPrefilterCoversEveryRule(t *testing.T) {
	e := testEngine(t)
	for _, r := range e.Rules() {
		m := r.mech.anchors()
		if m == nil {
			continue
		}
		if _, ok := e.prefilter.filters[r]; !ok {
			t.Errorf("%s: no anchor condition, it runs on every sentence", r.ID)
		}
		if len(m.regex) < 2 {
			continue
		}
		for i, conds := range e.prefilter.regexes[r] {
			if len(conds) == 0 {
				t.Errorf("%s: expression %d has no anchor: %s", r.ID, i, m.regex[i])
			}
		}
	}
}
