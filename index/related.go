package index

import (
	"context"
	"fmt"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"lawreview/corpus"
	"lawreview/review"
)

// Related tuning, chosen on the retrieval evaluation (testdata/retrieval.yaml,
// docs/index-benchmarks.md): the rarest relatedTerms terms of a clause,
// leaving out those in more than relatedMaxShare of the articles, at least
// relatedMinMatch of them in a hit when the clause has enough terms.
var (
	relatedTerms    = 10
	relatedMaxShare = 0.05
	relatedMinMatch = 2
)

const (
	maxRelated = 50
)

// Candidates fetched per article asked for, re-ranked by levelWeight.
var relatedOverfetch = 3

// levelWeight ranks a higher-level source above a lower one that matches
// the clause as well: a draft is judged against the law above it, and a
// local regulation often repeats a national law's article word for word.
var levelWeight = map[string]float64{
	"宪法":    1.6,
	"法律":    1.6,
	"行政法规":  1.3,
	"司法解释":  0.8,
	"部门规章":  0.8,
	"地方性法规": 0.7,
	"其他":    0.7,
	"案例":    0.3,
}

var _ review.RelatedFinder = (*Index)(nil)

// Related returns the n in-force articles most like clause, a sentence of
// a draft. It is the review engine's question for every sentence, so it
// is built to be cheap: the clause's terms are ranked by how rare they are
// in the index and only the rarest few are searched for, together with the
// statutory words expand.txt adds for the draft's words.
func (ix *Index) Related(clause string, n int) ([]review.Related, error) {
	return ix.RelatedContext(context.Background(), clause, n)
}

// RelatedContext is Related with cancellation.
func (ix *Index) RelatedContext(ctx context.Context, clause string, n int) ([]review.Related, error) {
	if n <= 0 || ix.docs == 0 {
		return nil, nil
	}
	n = min(n, maxRelated)
	var own []string
	for _, t := range ix.terms(clause) {
		if meaningful(t) {
			own = append(own, t)
		}
	}
	terms, err := ix.selectTerms(own, relatedTerms, relatedMaxShare, 2)
	if err != nil {
		return nil, fmt.Errorf("related %q: %w", clause, err)
	}
	have := map[string]bool{}
	for _, t := range own {
		have[t] = true
	}
	extra := ix.expand(clause, have)
	if len(terms)+len(extra) == 0 {
		return nil, nil
	}
	minMatch := 1
	if len(terms)+len(extra) >= 4 {
		minMatch = relatedMinMatch
	}
	hits, err := ix.relatedSearch(ctx, terms, extra, minMatch, n*relatedOverfetch)
	if err == nil && len(hits) < n && minMatch > 1 {
		// Too strict for this clause: accept articles sharing one term.
		hits, err = ix.relatedSearch(ctx, terms, extra, 1, n*relatedOverfetch)
	}
	if err != nil {
		return nil, fmt.Errorf("related %q: %w", clause, err)
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	if len(hits) > n {
		hits = hits[:n]
	}
	return hits, nil
}

func (ix *Index) relatedSearch(ctx context.Context, terms, extra []string, minMatch, size int) ([]review.Related, error) {
	qs := make([]query.Query, 0, len(terms)+len(extra))
	for _, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(fText)
		qs = append(qs, tq)
	}
	for _, t := range extra {
		tq := bleve.NewTermQuery(t)
		tq.SetField(fText)
		tq.SetBoost(expansionWeight)
		qs = append(qs, tq)
	}
	d := bleve.NewDisjunctionQuery(qs...)
	d.SetMin(float64(minMatch))
	bq := bleve.NewBooleanQuery()
	bq.AddShould(d)
	bq.AddFilter(kwQuery(fTags, tagStatus+string(corpus.StatusCurrent)))
	req := bleve.NewSearchRequestOptions(bq, size, 0, false)
	req.Fields = []string{fArt, fText}
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := make([]review.Related, 0, len(sr.Hits))
	for _, h := range sr.Hits {
		m := ix.laws[lawIDOf(h.ID)]
		if m == nil {
			m = &lawMeta{}
		}
		w, ok := levelWeight[m.Level]
		if !ok {
			w = 1
		}
		label, _, _, _ := unpackArt(str(h.Fields[fArt]))
		out = append(out, review.Related{
			Law:     m.Name,
			Article: label,
			Text:    str(h.Fields[fText]),
			Score:   h.Score * w,
		})
	}
	return out, nil
}

// meaningful drops the terms that make poor evidence of likeness: single
// characters (者, 将: jieba's leftovers) and bare numbers (the 200 of a
// fine says nothing about which law governs it).
func meaningful(t string) bool {
	if utf8.RuneCountInString(t) < 2 {
		return false
	}
	for _, r := range t {
		if !unicode.IsDigit(r) && r != '.' && r != '%' {
			return true
		}
	}
	return false
}
