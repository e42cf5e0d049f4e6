// Package index is the full-text index of the law corpus: a bleve index of
// articles analysed by jieba (search mode), searched by users and asked by
// the review engine for the in-force articles most like a draft's clause.
//
// Analysis is a pipeline of named parts registered in bleve's registry by
// this package's init: tokenizer lawreview_jieba, token filters
// lawreview_punct and lawreview_zh_stop, analyzer lawreview_zh. bleve
// stores the mapping (with those names) inside the index, so any program
// that opens an index must import this package.
//
// On disk an index lives under <data>/index (see Store): each build in its
// own directory laws-<timestamp>, the live one named by the pointer file
// CURRENT, swapped by rename so readers never see a half-built index.
package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bindex "github.com/blevesearch/bleve_index_api"

	"lawreview/corpus"
)

// Index is an open, read-only law index. It is safe for concurrent use.
type Index struct {
	dir  string
	bi   bleve.Index
	an   analysis.Analyzer
	docs int // number of articles

	dfMu sync.RWMutex
	df   map[string]int // document frequency of text-field terms, filled lazily

	laws     map[string]*lawMeta // by law id, from the law table
	lawNames []string            // every full and short name, sorted
	lawIDs   map[string][]string // name -> law ids
	snapshot string              // newest version date of the law table
	regions  map[string]bool     // provinces with local regulations
	levels   []string            // the levels of the laws, sorted
	// regionLevels are the levels of the laws filed under a province
	// when every law of those levels is (地方性法规), "" when some law of
	// such a level has no province: "another province's" can then be
	// asked as "of these levels and not this province's" (see
	// otherRegions).
	regionLevels []string

	labelCache  sync.Map // law id -> lawLabels, filled on first use
	citeCache   sync.Map // law id -> lawCites, filled on first use (relatives.go)
	headCache   sync.Map // law id -> each article's headings as rank reads them (rank.go, headingPaths)
	familyCache sync.Map // law id and province -> the laws made on it (relatives.go)
	impliedIDs  sync.Map // a law's short name -> the id of its version in force (implied.go)
	impliedArts sync.Map // law id -> its articles, read once (implied.go)

	docLawOnce sync.Once
	docLaw     *docLawTable // by internal document number (see docLaws)
	docLawErr  error

	bm25Once sync.Once
	bm25Stat bm25Stats
	bm25Err  error

	postings  postingsCache // decoded postings of frequent terms (postings.go)
	pins      pinArena      // the arrays of the postings WarmPostings pinned (pinarena.go)
	facts     factTable     // what rank derives from each article's text alone
	stored    storedCache   // stored documents as first read (storedcache.go)
	ruleTerms termMemo      // terms of rule titles and basis articles (related.go)
	texts     corpusTexts   // the articles' texts, which the index does not store (texts.go)
}

// ErrNoIndex reports a directory that holds no law index.
var ErrNoIndex = errors.New("没有法律索引")

// Open opens the index built in dir (by Build) read-only, with laws, the
// corpus it was built from: the index reads its articles' texts there
// (texts.go). Several processes may open the same index at once.
func Open(dir string, laws *corpus.Corpus) (*Index, error) {
	if laws == nil {
		return nil, fmt.Errorf("open index %s: no corpus to read the articles' texts from", dir)
	}
	if _, err := os.Stat(dir); err != nil {
		if os.IsNotExist(err) {
			return nil, fmt.Errorf("open index %s: %w", dir, ErrNoIndex)
		}
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	an, err := Analyzer()
	if err != nil {
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	bi, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) || errors.Is(err, bleve.ErrorIndexMetaMissing) {
			return nil, fmt.Errorf("open index %s: %w", dir, ErrNoIndex)
		}
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	n, err := bi.DocCount()
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	t, err := readLawTable(dir)
	if err != nil {
		bi.Close()
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	if err := sameLaws(t, laws); err != nil {
		bi.Close()
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	ix := &Index{dir: dir, bi: bi, an: an, docs: int(n), df: map[string]int{}, laws: t.Laws,
		postings: postingsCache{limit: postingsCacheBytes}, texts: corpusTexts{c: laws}}
	ix.lawNames, ix.lawIDs = t.lawNames()
	ix.snapshot = t.snapshot()
	ix.regions = map[string]bool{}
	for _, m := range t.Laws {
		if m.Region != "" {
			ix.regions[m.Region] = true
		}
		if !slices.Contains(ix.levels, m.Level) {
			ix.levels = append(ix.levels, m.Level)
		}
	}
	slices.Sort(ix.levels)
	ix.regionLevels = regionLevels(t.Laws)
	return ix, nil
}

// regionLevels returns the levels of the laws filed under a province, nil
// unless every law of those levels is filed under one.
func regionLevels(laws map[string]*lawMeta) []string {
	var out []string
	for _, m := range laws {
		if m.Region != "" && !slices.Contains(out, m.Level) {
			out = append(out, m.Level)
		}
	}
	for _, m := range laws {
		if m.Region == "" && slices.Contains(out, m.Level) {
			return nil
		}
	}
	slices.Sort(out)
	return out
}

// Close releases the index files.
func (ix *Index) Close() error { return ix.bi.Close() }

// Dir is the directory the index was opened from.
func (ix *Index) Dir() string { return ix.dir }

// Articles is the number of articles indexed (all versions).
func (ix *Index) Articles() int { return ix.docs }

// Snapshot is the date (2006-01-02) of the newest law version indexed:
// later amendments are not in the index. "" for an empty index.
func (ix *Index) Snapshot() string { return ix.snapshot }

// terms analyses text exactly as the articles were analysed and returns
// each distinct term once, in order of first appearance.
func (ix *Index) terms(text string) []string {
	toks := ix.an.Analyze([]byte(text))
	seen := make(map[string]bool, len(toks))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		s := string(t.Term)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// docFreqs returns the number of articles whose text holds each term. The
// index never changes once open, so answers are cached for the life of ix.
func (ix *Index) docFreqs(terms []string) ([]int, error) {
	out := make([]int, len(terms))
	var missing []int
	func() {
		ix.dfMu.RLock()
		defer ix.dfMu.RUnlock()
		for i, t := range terms {
			if n, ok := ix.df[t]; ok {
				out[i] = n
			} else {
				missing = append(missing, i)
			}
		}
	}()
	if len(missing) == 0 {
		return out, nil
	}
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	got := make(map[string]int, len(missing))
	for _, i := range missing {
		n, err := termCount(r, terms[i])
		if err != nil {
			return nil, err
		}
		out[i] = n
		got[terms[i]] = n
	}
	func() {
		ix.dfMu.Lock()
		defer ix.dfMu.Unlock()
		for t, n := range got {
			ix.df[t] = n
		}
	}()
	return out, nil
}

// reader opens a reader of the index's postings; the caller closes it.
func (ix *Index) reader() (bindex.IndexReader, error) {
	adv, err := ix.bi.Advanced()
	if err != nil {
		return nil, err
	}
	return adv.Reader()
}

func termCount(r bindex.IndexReader, term string) (int, error) {
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), fText, false, false, false)
	if err != nil {
		return 0, fmt.Errorf("term %q: %w", term, err)
	}
	defer tfr.Close()
	return int(tfr.Count()), nil
}
