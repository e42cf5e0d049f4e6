package review

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lawreview/corpus"
	"lawreview/review/precedent"
)

// The concepts compile from the word classes, in order; a bad file is
// refused.
func TestPrecedentConcepts(t *testing.T) {
	cs, err := PrecedentConcepts()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 10 {
		t.Fatalf("%d concepts", len(cs))
	}
	if _, err := parseConcepts([]byte("- {name: X, regex: ['{{nope}}']}")); err == nil {
		t.Error("an unknown word class was accepted")
	}
	if _, err := parseConcepts([]byte("- {name: X, regex: ['a']}\n- {name: X, regex: ['b']}")); err == nil {
		t.Error("a duplicate concept was accepted")
	}
	if _, err := parseConcepts([]byte("- {name: X, regx: ['a']}")); err == nil {
		t.Error("a misspelt key was accepted")
	}
}

// With the concepts, a clause judged unlawful is found again in other words
// where characters alone miss it, and lawful wording of the same topic is
// not taken for it.
func TestConceptFinder(t *testing.T) {
	cs, bg := conceptsAndBackground(t)
	ps := []precedent.Precedent{
		{ID: "import-pub-x1", Clause: "保证10年内不迁出海口市、不改变在海口市的纳税义务、不减少注册资本、不变更统计关系", Verdict: precedent.Unlawful,
			Rule: "nd-exit-barrier", Date: "2023-09-20", Source: precedent.SourcePublic, Publisher: "市场监管总局", URL: "https://example.gov.cn/x1"},
		{ID: "import-pub-x2", Clause: "户外广告设置要严格按照某公司申请", Verdict: precedent.Unlawful,
			Rule: "nd-designated-supplier", Date: "2023-09-20", Source: precedent.SourcePublic, Publisher: "市场监管总局", URL: "https://example.gov.cn/x2"},
	}
	chars := precedent.NewFinder(ps, precedent.FinderOptions{Background: bg})
	concepts := precedent.NewFinder(ps, precedent.FinderOptions{Background: bg, Concepts: cs})
	for _, tc := range []struct {
		sentence   string
		chars, con string // the precedent each finds; "" none
	}{
		{"享受扶持的企业须承诺五年内不迁离我县、不改变在我县的纳税义务、不变更统计关系。", "", "import-pub-x1"},
		{"企业迁移注册地址的，应当依法办理变更登记。", "", ""},
		{"户外广告设置应当符合镇区户外广告设置规划。", "", ""},
	} {
		for _, f := range []struct {
			name string
			f    *precedent.Finder
			want string
		}{{"characters", chars, tc.chars}, {"concepts", concepts, tc.con}} {
			m, err := f.f.Find(tc.sentence, "规范性文件")
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if m != nil {
				got = m.Precedent.ID
			}
			if got != f.want {
				t.Errorf("%s: %q found %q (%+v), want %q", f.name, tc.sentence, got, m, f.want)
			}
		}
	}
}

// Every concept has anchors (or the finder runs its pattern on every
// article of the background at every start), and they hold: every wording
// the pattern finds in the laws the binary ships, the evaluation drafts,
// the real documents and the bank's clauses contains one string of each
// anchor condition, so skipping the pattern where one is absent changes
// nothing.
func TestConceptAnchorsHold(t *testing.T) {
	cs, texts := conceptsAndBackground(t)
	for _, dir := range []string{evalDir, realDir} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(b))
		}
	}
	bank, err := precedent.Bank()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range bank.Entries {
		texts = append(texts, p.Clause)
	}
	for _, cpt := range cs {
		if len(cpt.Anchors) == 0 {
			t.Errorf("concept %s has no anchors", cpt.Name)
		}
		matches := 0
		for _, text := range texts {
			for _, loc := range cpt.Pattern.FindAllStringIndex(text, -1) {
				w := text[loc[0]:loc[1]]
				if w == "" {
					continue
				}
				matches++
				for _, clause := range cpt.Anchors {
					if !slices.ContainsFunc(clause, func(a string) bool { return strings.Contains(w, a) }) {
						t.Errorf("concept %s: wording %q has none of %q", cpt.Name, w, clause)
					}
				}
			}
		}
		if matches == 0 {
			t.Logf("concept %s: no wording in the texts", cpt.Name)
		}
	}
}

// conceptsAndBackground are the concepts and the texts the finder learns
// its weights from.
func conceptsAndBackground(t *testing.T) ([]precedent.Concept, []string) {
	t.Helper()
	cs, err := PrecedentConcepts()
	if err != nil {
		t.Fatal(err)
	}
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	return cs, ArticleTexts(c)
}
