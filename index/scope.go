package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Which laws a search may show (in force, national or the office's own
// province) is a property of the law, and the law table knows it. Asking
// bleve to exclude the others walked their postings for every candidate:
// "not another province's" is a disjunction over thirty provinces' tags,
// advanced to every document that holds a query term, and was half the
// time of a search. Instead each document number is mapped once to its
// law, and documents of a left-out law are dropped as they come out of
// the postings, before bleve scores or collects them.

// docLawTable maps bleve's internal document numbers to their laws.
type docLawTable struct {
	law  []int32    // by document number: an index into laws, -1 for none
	laws []*lawMeta // the law table's entries
	// docs are the document numbers of each law's articles, by law id,
	// ascending (see Index.lawArticles)
	docs map[string][]uint32
	// by document number, as law: the law's id and the article's 1-based
	// place among its law's documents (idOf), 0 for none
	ids []string
	pos []uint32
	// masks caches, by key (see scopeFilter.dropKey), which laws a drop
	// function leaves out: few keys (in force, this province) serve
	// every search
	masks sync.Map
	sets  sync.Map // by the same key: the documents left out (dropSet)
}

// dropper is a question's view of the table: whether document n is of a
// law that drop (named by key) leaves out.
func (t *docLawTable) dropper(key string, drop func(*lawMeta) bool) func(n uint64) bool {
	if drop == nil {
		return func(uint64) bool { return false }
	}
	var byLaw []bool
	if v, ok := t.masks.Load(key); ok {
		byLaw = v.([]bool)
	} else {
		byLaw = make([]bool, len(t.laws))
		for i, m := range t.laws {
			byLaw[i] = drop(m)
		}
		t.masks.Store(key, byLaw)
	}
	return func(n uint64) bool {
		return n < uint64(len(t.law)) && t.law[n] >= 0 && byLaw[t.law[n]]
	}
}

// docSet is a set of document numbers, one bit each (nil: empty).
type docSet []uint64

func (d docSet) has(n uint32) bool {
	return int(n>>6) < len(d) && d[n>>6]&(1<<(n&63)) != 0
}

// dropSet is dropper as a set of the documents left out: one bit per
// document, 18 KB for the whole collection, looked up for every posting a
// question adds up.
func (t *docLawTable) dropSet(key string, drop func(*lawMeta) bool) docSet {
	if drop == nil {
		return nil
	}
	if v, ok := t.sets.Load(key); ok {
		return v.(docSet)
	}
	dropped := t.dropper(key, drop)
	set := make(docSet, (len(t.law)+63)/64)
	for n := range t.law {
		if dropped(uint64(n)) {
			set[n>>6] |= 1 << (n & 63)
		}
	}
	t.sets.Store(key, set)
	return set
}

// docLaws maps bleve's internal document numbers to their law, built on
// first use from the law-id tags (the index never changes once open).
func (ix *Index) docLaws() (*docLawTable, error) {
	ix.docLawOnce.Do(func() {
		ix.docLaw, ix.docLawErr = ix.buildDocLaws()
	})
	return ix.docLaw, ix.docLawErr
}

func (ix *Index) buildDocLaws() (*docLawTable, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	t := &docLawTable{law: make([]int32, ix.docs), docs: make(map[string][]uint32, len(ix.laws))}
	for i := range t.law {
		t.law[i] = -1
	}
	var d bindex.TermFieldDoc
	for id, m := range ix.laws {
		li := int32(len(t.laws))
		t.laws = append(t.laws, m)
		t.ids = append(t.ids, id)
		tfr, err := r.TermFieldReader(context.Background(), []byte(tagLaw+id), fTags, false, false, false)
		if err != nil {
			return nil, fmt.Errorf("map articles of %s: %w", id, err)
		}
		for {
			got, err := tfr.Next(&d)
			if err != nil {
				tfr.Close()
				return nil, fmt.Errorf("map articles of %s: %w", id, err)
			}
			if got == nil {
				break
			}
			n := got.ID.Value()
			for uint64(len(t.law)) <= n {
				t.law = append(t.law, -1)
			}
			t.law[n] = li
			if n <= math.MaxUint32 {
				t.docs[id] = append(t.docs[id], uint32(n))
			}
		}
		tfr.Close()
	}
	t.pos = make([]uint32, len(t.law))
	for _, nums := range t.docs {
		for k, n := range nums {
			t.pos[n] = uint32(k + 1)
		}
	}
	return t, nil
}

// idOf is the document ID of document num, docNum's inverse: its law's id
// and its place among the law's documents, which the build numbers in
// article order (TestDocIDQuery). A clause search read each new
// candidate's stored _id from the segment — a visit of a 35 MB file on
// 4 KB pages and a snappy decode, ~130–420 small pages a search
// (docs/performance.md, stage 20) — for a string the table already knows.
// ok is false for a number the table has no law for.
func (t *docLawTable) idOf(num uint64) (string, bool) {
	if num >= uint64(len(t.pos)) || t.pos[num] == 0 || t.law[num] < 0 {
		return "", false
	}
	return lawDocID(t.ids[t.law[num]], int(t.pos[num])-1), true
}

// lawScoped is a query whose documents of left-out laws never come out.
type lawScoped struct {
	query.Query
	dropped func(n uint64) bool
}

// scoped wraps q so that the documents of the laws drop (named by key)
// reports never come out of it; q itself when drop is nil.
func (ix *Index) scoped(q query.Query, key string, drop func(*lawMeta) bool) (query.Query, error) {
	if drop == nil {
		return q, nil
	}
	t, err := ix.docLaws()
	if err != nil {
		return nil, err
	}
	return &lawScoped{Query: q, dropped: t.dropper(key, drop)}, nil
}

func (q *lawScoped) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	s, err := q.Query.Searcher(ctx, r, m, o)
	if err != nil {
		return nil, err
	}
	return &lawScopedSearcher{Searcher: s, q: q}, nil
}

type lawScopedSearcher struct {
	search.Searcher
	q *lawScoped
}

// skip passes over dropped documents starting with d.
func (s *lawScopedSearcher) skip(ctx *search.SearchContext, d *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for d != nil && err == nil && s.q.dropped(d.IndexInternalID.Value()) {
		ctx.DocumentMatchPool.Put(d)
		d, err = s.Searcher.Next(ctx)
	}
	return d, err
}

func (s *lawScopedSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Next(ctx)
	return s.skip(ctx, d, err)
}

func (s *lawScopedSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.Searcher.Advance(ctx, id)
	return s.skip(ctx, d, err)
}

// termFreqs returns, for each candidate, how often each term stands in its
// text as the index cut it (0 for a term it lacks): the postings answer what
// re-running jieba over every candidate's text used to.
func (ix *Index) termFreqs(ctx context.Context, cands []candidate, terms []string) ([][]int, error) {
	out := make([][]int, len(cands))
	for i := range out {
		out[i] = make([]int, len(terms))
	}
	if len(cands) == 0 || len(terms) == 0 {
		return out, nil
	}
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return cands[order[a]].num < cands[order[b]].num })
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var d bindex.TermFieldDoc
	id := make(bindex.IndexInternalID, 8)
	for ti, t := range terms {
		if p := ix.cachedPostings(t); p != nil {
			// the search that found the candidates decoded it; the
			// candidates in order of number, each looked for after the
			// last (a search of all the postings for each was 5 % of a
			// clause search's CPU)
			lo := 0
			for _, ci := range order {
				n := cands[ci].num
				if n > math.MaxUint32 || lo == len(p.nums) {
					break // beyond every posting
				}
				k, found := slices.BinarySearch(p.nums[lo:], uint32(n))
				lo += k
				if found {
					out[ci][ti] = int(p.freqs[lo])
				}
			}
			continue
		}
		tfr, err := r.TermFieldReader(ctx, []byte(t), fText, true, false, false)
		if err != nil {
			return nil, fmt.Errorf("term %q: %w", t, err)
		}
		// at is the document the reader stands on: postings only move
		// forward, and a candidate before it lacks the term.
		var at, freq uint64
		started := false
		for _, ci := range order {
			n := cands[ci].num
			if !started || n > at {
				id.SetValue(n)
				got, err := tfr.Advance(id, &d)
				if err != nil {
					tfr.Close()
					return nil, fmt.Errorf("term %q: %w", t, err)
				}
				if got == nil {
					break // no document at or after this one holds the term
				}
				at, freq, started = got.ID.Value(), got.Freq, true
			}
			if at == n {
				out[ci][ti] = int(freq)
			}
		}
		tfr.Close()
	}
	return out, nil
}

// Prepare builds what every search and related question builds on first
// use (the document-law table, ~13 ms on the whole collection, and the
// BM25 statistics), so that a server's first search does not wait for it.
// It holds nothing the first search would not.
func (ix *Index) Prepare() error {
	if _, err := ix.bm25(); err != nil {
		return err
	}
	_, err := ix.docLaws()
	return err
}
