package index

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"

	"lawreview/corpus"
	"lawreview/review"
)

// Related tuning, chosen on the retrieval evaluation (testdata/retrieval.yaml,
// docs/index-benchmarks.md): the rarest relatedTerms terms of a clause,
// leaving out those in more than relatedMaxShare of the articles, at least
// relatedMinMatch of them in a hit when the clause has enough terms.
const (
	relatedTerms    = 10
	relatedMaxShare = 0.05
	relatedMinMatch = 2
	maxRelated      = 50
)

var _ review.RelatedFinder = (*Index)(nil)

// Related returns the n in-force articles most like clause, a sentence of
// a draft. It is the review engine's question for every sentence, so it
// is built to be cheap: the clause's terms are ranked by how rare they are
// in the index and only the rarest few are searched for.
func (ix *Index) Related(clause string, n int) ([]review.Related, error) {
	return ix.RelatedContext(context.Background(), clause, n)
}

// RelatedContext is Related with cancellation.
func (ix *Index) RelatedContext(ctx context.Context, clause string, n int) ([]review.Related, error) {
	if n <= 0 {
		return nil, nil
	}
	n = min(n, maxRelated)
	terms, err := ix.selectTerms(ix.terms(clause), relatedTerms, relatedMaxShare, 2)
	if err != nil {
		return nil, fmt.Errorf("related %q: %w", clause, err)
	}
	if len(terms) == 0 {
		return nil, nil
	}
	minMatch := 1
	if len(terms) >= 4 {
		minMatch = relatedMinMatch
	}
	bq := bleve.NewBooleanQuery()
	bq.AddShould(termsQuery(terms, minMatch))
	bq.AddFilter(kwQuery(fStatus, string(corpus.StatusCurrent)))
	req := bleve.NewSearchRequestOptions(bq, n, 0, false)
	req.Fields = []string{fLaw, fLabel, fText}
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("related %q: %w", clause, err)
	}
	out := make([]review.Related, 0, len(sr.Hits))
	for _, h := range sr.Hits {
		out = append(out, review.Related{
			Law:     str(h.Fields[fLaw]),
			Article: str(h.Fields[fLabel]),
			Text:    str(h.Fields[fText]),
			Score:   h.Score,
		})
	}
	return out, nil
}
