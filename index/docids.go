package index

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// The document ID (_id) is stored, not indexed (format 4). zap keeps every
// document's ID in a dictionary of its own — one term and one posting an
// article, 64,430 in the national index — written in each segment and
// enumerated again by the merge: ~5 % of a build's CPU (docs/performance.md,
// stage 18), for one reader, bleve's document-id query. An ID names its law
// and the article's place in it (docID), and the build numbers a law's
// articles in that order, so an article's document number is found from its
// law's (docLaws) instead, and docIDQuery stands for bleve's DocIDQuery.
// The stored _id stays: bleve names every hit by it.

// noTerms is the _id field's analysis: no term, so zap's _id dictionary is
// empty. zap only reads it.
var noTerms = bindex.TokenFrequencies{}

// docNum is the internal document number of the article with document ID
// id; ok is false when the index holds no such article.
func (ix *Index) docNum(id string) (num uint64, ok bool, err error) {
	lawID, n, ok := splitDocID(id)
	if !ok {
		return 0, false, nil
	}
	t, err := ix.docLaws()
	if err != nil {
		return 0, false, err
	}
	nums := t.docs[lawID]
	if n < 1 || n > len(nums) {
		return 0, false, nil
	}
	return uint64(nums[n-1]), true, nil
}

// docIDQuery matches the documents named by ids with a constant score, as
// bleve's DocIDQuery does (its own searcher and scorer, so the same
// scores), finding them by docNum rather than in the _id dictionary.
type docIDQuery struct {
	ix    *Index
	ids   []string
	boost *query.Boost
}

func (ix *Index) docIDQuery(ids []string) *docIDQuery { return &docIDQuery{ix: ix, ids: ids} }

func (q *docIDQuery) SetBoost(b float64) {
	boost := query.Boost(b)
	q.boost = &boost
}

func (q *docIDQuery) Boost() float64 { return q.boost.Value() }

func (q *docIDQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	return searcher.NewDocIDSearcher(ctx, docNumReader{IndexReader: r, ix: q.ix}, q.ids, q.boost.Value(), o)
}

// docNumReader is an index reader whose document-id reader finds the
// documents by docNum.
type docNumReader struct {
	bindex.IndexReader
	ix *Index
}

func (r docNumReader) DocIDReaderOnly(ids []string) (bindex.DocIDReader, error) {
	nums := make([]uint64, 0, len(ids))
	for _, id := range ids {
		n, ok, err := r.ix.docNum(id)
		if err != nil {
			return nil, err
		}
		if ok {
			nums = append(nums, n)
		}
	}
	slices.Sort(nums)
	return &numsReader{nums: slices.Compact(nums)}, nil
}

// numsReader walks ascending document numbers, as scorch's document-id
// reader walks its bitmaps.
type numsReader struct {
	nums []uint64
	at   int
}

func (r *numsReader) Next() (bindex.IndexInternalID, error) {
	if r.at >= len(r.nums) {
		return nil, nil
	}
	r.at++
	return bindex.NewIndexInternalID(nil, r.nums[r.at-1]), nil
}

func (r *numsReader) Advance(id bindex.IndexInternalID) (bindex.IndexInternalID, error) {
	for r.at < len(r.nums) && r.nums[r.at] < id.Value() {
		r.at++
	}
	return r.Next()
}

func (r *numsReader) Size() int    { return 48 + 8*cap(r.nums) }
func (r *numsReader) Close() error { return nil }
