package precedent_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"lawreview/corpus"
	"lawreview/review"
	"lawreview/review/precedent"
)

// minBankEntries is the size the bank promises (issue 11).
const minBankEntries = 200

func TestBank(t *testing.T) {
	b, err := precedent.Bank()
	if err != nil {
		t.Fatal(err)
	}
	n := len(b.Entries)
	if n < minBankEntries {
		t.Errorf("public bank: %d entries, want at least %d", n, minBankEntries)
	}
	if n > 0 && b.Version == "" {
		t.Error("bank without a version")
	}
	rules, err := review.DefaultRules()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, r := range rules {
		known[r.ID] = true
	}
	types := append(slices.Clone(review.Types), review.TypeOther)
	for _, p := range b.Entries {
		if p.Rule != "" && !known[p.Rule] {
			t.Errorf("%s: unknown rule %q (an existing rule id, or empty when none fits)", p.ID, p.Rule)
		}
		if p.DocType != "" && !slices.Contains(types, p.DocType) {
			t.Errorf("%s: doc_type %q is none of %v", p.ID, p.DocType, types)
		}
		if p.Date < "1990-01-01" {
			t.Errorf("%s: date %s is before any current law the bank could cite", p.ID, p.Date)
		}
	}
	// What a finding shows must be in the binary: the default corpus.
	def, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	checkBasis(t, "内置法律库", def, b.Entries)
	if dir := fullCorpusDir(); dir != "" {
		full, _, err := corpus.Load(dir)
		if err != nil {
			t.Fatalf("load %s: %v", dir, err)
		}
		checkBasis(t, dir, full, b.Entries)
	} else {
		t.Log("full law corpus not found (set CORPUS or put it at ../shared/corpus/laws): basis checked against the default corpus only")
	}
}

// checkBasis resolves every basis article in force today: the bank cites
// the current law (民法典, not 合同法).
func checkBasis(t *testing.T, name string, c *corpus.Corpus, ps []precedent.Precedent) {
	t.Helper()
	now := time.Now()
	for _, p := range ps {
		for _, ref := range p.Basis {
			law, art, err := c.Article(ref.Law, ref.Article, now)
			if err != nil || law == nil || art == nil {
				t.Errorf("%s: basis 《%s》%s not in %s: %v", p.ID, ref.Law, ref.Article, name, err)
			}
		}
	}
}

// fullCorpusDir is $CORPUS (the Makefile's name for it) or
// ../shared/corpus/laws beside the repository root; "" when absent.
func fullCorpusDir() string {
	if d := os.Getenv("CORPUS"); d != "" {
		return d
	}
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			laws := filepath.Join(dir, "..", "shared", "corpus", "laws")
			if _, err := os.Stat(laws); err != nil {
				return ""
			}
			return laws
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
