package index

import (
	"context"
	"fmt"
	"sort"

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

// docLaws maps bleve's internal document numbers to their law, built on
// first use from the law-id tags (the index never changes once open).
func (ix *Index) docLaws() ([]*lawMeta, error) {
	ix.docLawOnce.Do(func() {
		ix.docLaw, ix.docLawErr = ix.buildDocLaws()
	})
	return ix.docLaw, ix.docLawErr
}

func (ix *Index) buildDocLaws() ([]*lawMeta, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	out := make([]*lawMeta, ix.docs)
	var d bindex.TermFieldDoc
	for id, m := range ix.laws {
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
			for uint64(len(out)) <= n {
				out = append(out, nil)
			}
			out[n] = m
		}
		tfr.Close()
	}
	return out, nil
}

// lawScoped is a query whose documents of laws drop reports are left out.
type lawScoped struct {
	query.Query
	laws []*lawMeta
	drop func(*lawMeta) bool
}

// scoped wraps q so that the documents of the laws drop reports never come
// out of it; q itself when drop is nil.
func (ix *Index) scoped(q query.Query, drop func(*lawMeta) bool) (query.Query, error) {
	if drop == nil {
		return q, nil
	}
	laws, err := ix.docLaws()
	if err != nil {
		return nil, err
	}
	return &lawScoped{Query: q, laws: laws, drop: drop}, nil
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

func (s *lawScopedSearcher) dropped(d *search.DocumentMatch) bool {
	n := d.IndexInternalID.Value()
	var m *lawMeta
	if n < uint64(len(s.q.laws)) {
		m = s.q.laws[n]
	}
	return m != nil && s.q.drop(m)
}

// skip passes over dropped documents starting with d.
func (s *lawScopedSearcher) skip(ctx *search.SearchContext, d *search.DocumentMatch, err error) (*search.DocumentMatch, error) {
	for d != nil && err == nil && s.dropped(d) {
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
