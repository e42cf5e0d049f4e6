package index

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"lawreview/corpus"
	"lawreview/review"
)

// retrievalCase is one entry of testdata/retrieval.yaml.
type retrievalCase struct {
	Doc    string   `yaml:"doc"`
	Clause string   `yaml:"clause"`
	Expect []string `yaml:"expect"`
}

func loadRetrieval(t testing.TB) []retrievalCase {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "retrieval.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []retrievalCase
	if err := yaml.Unmarshal(b, &cases); err != nil {
		t.Fatalf("retrieval.yaml: %v", err)
	}
	if len(cases) < 40 {
		t.Fatalf("retrieval.yaml has %d cases, want at least 40", len(cases))
	}
	return cases
}

// recall is the outcome of one evaluation run.
type recall struct {
	cases          int
	at1, at5, at10 int
	rr             float64 // sum of reciprocal ranks of the first expected article
	misses         []string
}

func (r recall) String() string {
	n := float64(r.cases)
	return fmt.Sprintf("%d cases: recall@1 %.2f, recall@5 %.2f, recall@10 %.2f, MRR@10 %.2f",
		r.cases, float64(r.at1)/n, float64(r.at5)/n, float64(r.at10)/n, r.rr/n)
}

func shortLaw(name string) string { return strings.TrimPrefix(name, "中华人民共和国") }

// evaluate asks ix.Related for every case and scores where the first
// expected article comes.
func evaluate(t testing.TB, ix *Index, cases []retrievalCase) recall {
	t.Helper()
	r := recall{cases: len(cases)}
	for _, c := range cases {
		got, err := ix.Related(review.RelatedQuery{Clause: c.Clause, Sentence: c.Clause}, 10)
		if err != nil {
			t.Fatalf("Related(%q): %v", c.Clause, err)
		}
		rank := 0
		var shown []string
		for i, g := range got {
			key := shortLaw(g.Law) + " " + g.Article
			shown = append(shown, key)
			if rank == 0 && slices.Contains(c.Expect, key) {
				rank = i + 1
			}
		}
		switch {
		case rank == 0:
			r.misses = append(r.misses, fmt.Sprintf("MISS  %s\n      want %v\n      got  %v", c.Clause, c.Expect, shown))
		case rank > 5:
			r.misses = append(r.misses, fmt.Sprintf("LATE  %s (rank %d)\n      want %v\n      got  %v", c.Clause, rank, c.Expect, shown))
		}
		if rank > 0 {
			r.rr += 1 / float64(rank)
			if rank <= 1 {
				r.at1++
			}
			if rank <= 5 {
				r.at5++
			}
			r.at10++
		}
	}
	return r
}

// checkExpected fails when an expected article is not a current article of
// the corpus: a typo in retrieval.yaml must not pass as a miss.
func checkExpected(t *testing.T, c *corpus.Corpus, cases []retrievalCase) {
	t.Helper()
	for _, rc := range cases {
		for _, e := range rc.Expect {
			name, label, ok := strings.Cut(e, " ")
			if !ok {
				t.Errorf("expect %q: want \"<law> <article>\"", e)
				continue
			}
			law, a, err := c.Article(name, label, time.Time{})
			if err != nil {
				t.Errorf("expect %q: %v", e, err)
				continue
			}
			if law.Status != corpus.StatusCurrent || a.Label != label {
				t.Errorf("expect %q: found %s %s (%s)", e, law.ID, a.Label, law.Status)
			}
		}
	}
}

// minDefaultRecall5 is the floor for recall@5 on the default corpus, set
// just under what Related achieves (see docs/index-benchmarks.md), so a
// change that loses relevance fails here. The cases ask with the clause
// alone, and Related shows one article of a law unless they are
// neighbours and none far weaker than the first: where the cases accept
// several articles of one small law (行政处罚法 第九条 or 第十六条), the
// built-in corpus's 0.93 of the first version fell to 0.76 (recall@1 rose
// from 0.63 to 0.67); the findings' related articles are judged on the
// whole corpus by TestEvalRelated.
const minDefaultRecall5 = 0.74

func TestEvalRetrievalDefault(t *testing.T) {
	cases := loadRetrieval(t)
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	checkExpected(t, c, cases)
	r := evaluate(t, defaultIndex(t), cases)
	t.Logf("default corpus: %s", r)
	for _, m := range r.misses {
		t.Log(m)
	}
	if got := float64(r.at5) / float64(r.cases); got < minDefaultRecall5 {
		t.Errorf("recall@5 %.2f below the floor %.2f", got, minDefaultRecall5)
	}
}

// fullCorpusDir is ../shared/corpus/laws beside the repository root.
func fullCorpusDir() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "corpus", "laws")
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

var (
	fullOnce   sync.Once
	fullIx     *Index
	fullCorpus *corpus.Corpus
	fullErr    error
)

// fullIndex imports the real corpus (default corpus included, as a data
// directory would hold it) and opens its index; tests using it skip when
// the corpus is absent or with -short. The index is built once per machine
// into a cache directory named by what it is built from (the collection's
// files, the default corpus, the index format), so make eval and repeated
// test runs do not spend a build each.
func fullIndex(t testing.TB) (*Index, *corpus.Corpus) {
	t.Helper()
	root := fullCorpusDir()
	if _, err := os.Stat(root); root == "" || err != nil {
		t.Skipf("full corpus not found at %s", root)
	}
	if testing.Short() {
		t.Skip("full corpus skipped with -short")
	}
	fullOnce.Do(func() {
		imported, _, err := corpus.Load(root)
		if err != nil {
			fullErr = err
			return
		}
		def, err := corpus.Default()
		if err != nil {
			fullErr = err
			return
		}
		fullCorpus = Combine(def.Laws(), imported.Laws())
		dir, err := evalCacheDir(root, fullCorpus)
		if err != nil {
			fullErr = err
			return
		}
		if fullIx, err = Open(dir, fullCorpus); err == nil {
			return
		}
		tmp, err := os.MkdirTemp(filepath.Dir(dir), "building-")
		if err != nil {
			fullErr = err
			return
		}
		defer os.RemoveAll(tmp)
		if fullErr = Build(filepath.Join(tmp, "ix"), fullCorpus.Laws(), nil); fullErr != nil {
			return
		}
		// Another test binary may have finished first: either copy is good.
		if err := os.Rename(filepath.Join(tmp, "ix"), dir); err != nil && !os.IsExist(err) {
			if _, statErr := os.Stat(dir); statErr != nil {
				fullErr = err
				return
			}
		}
		fullIx, fullErr = Open(dir, fullCorpus)
	})
	if fullErr != nil {
		t.Fatal(fullErr)
	}
	return fullIx, fullCorpus
}

// evalCacheDir names the cached index of the real corpus: a hash of the
// collection's file names, sizes and times, of the laws of the corpus
// built from it and of the index format.
func evalCacheDir(root string, c *corpus.Corpus) (string, error) {
	h := sha256.New()
	fmt.Fprintf(h, "format %d\n", indexFormat)
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %d %d\n", p, info.Size(), info.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		return "", err
	}
	for _, l := range c.Laws() {
		fmt.Fprintf(h, "%s %s %d\n", l.ID, l.Status, len(l.Articles))
	}
	base := filepath.Join(os.TempDir(), "lawreview-eval-index")
	if err := os.MkdirAll(base, 0o755); err != nil {
		return "", err
	}
	return filepath.Join(base, hex.EncodeToString(h.Sum(nil))[:16]), nil
}

// TestEvalRetrievalFullCorpus prints recall on the real corpus (make eval).
// Its floor is lower than the default corpus's: 147,000 articles hold many
// near-duplicates of the expected ones (local regulations repeating a law).
func TestEvalRetrievalFullCorpus(t *testing.T) {
	ix, c := fullIndex(t)
	cases := loadRetrieval(t)
	checkExpected(t, c, cases)
	r := evaluate(t, ix, cases)
	t.Logf("full corpus (%d articles): %s", ix.Articles(), r)
	for _, m := range r.misses {
		t.Log(m)
	}
	if got := float64(r.at5) / float64(r.cases); got < minFullRecall5 {
		t.Errorf("recall@5 %.2f below the floor %.2f", got, minFullRecall5)
	}
}

const minFullRecall5 = 0.62

// 外嫁女 is village wording that no statute uses: the search must still
// lead to the women's-rights and land-contract articles, on the default
// corpus and on the whole collection.
func TestSearchOutMarriedWomen(t *testing.T) {
	for _, tc := range []struct {
		name string
		ix   func(t *testing.T) *Index
	}{
		{"default", func(t *testing.T) *Index { return defaultIndex(t) }},
		{"full", func(t *testing.T) *Index { ix, _ := fullIndex(t); return ix }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := tc.ix(t).Search(context.Background(), Query{Text: "外嫁女 土地承包", Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			laws := map[string]bool{}
			for _, h := range r.Hits {
				laws[h.ShortName] = true
			}
			if !laws["妇女权益保障法"] || !laws["农村土地承包法"] {
				t.Errorf("top 10 laws %v, want 妇女权益保障法 and 农村土地承包法", laws)
			}
		})
	}
}
