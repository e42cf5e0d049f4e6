package index

import (
	"context"
	"slices"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A clause search that meets a common word the server has not decoded yet
// decodes its postings on the spot: 应当 (80,886 articles) took 34 ms, and
// the 70 decodes of words in 10,000 articles or more were half of all
// decoding in 200 clause searches (docs/performance.md, stage 13), the
// searches of the HTTP p95. WarmPostings does that once, in the background
// after the server starts. The postings are decoded and scored as a clause
// search would decode and score them, so no answer changes.

// warmPostingsShare is the share of the postings cache WarmPostings fills
// with the commonest terms, most common first; the rest is left to the
// terms the searches and reviews meet.
const warmPostingsShare = 0.6

// warmMinPostings: rarer terms are not warmed (their decoding is short).
const warmMinPostings = 1000

// WarmPostings decodes the commonest terms' postings into the postings
// cache. It stops early when ctx ends; the index must stay open until it
// returns.
func (ix *Index) WarmPostings(ctx context.Context) error {
	r, err := ix.reader()
	if err != nil {
		return err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil // not scorch's: searches decode what they meet, as before
	}
	st, err := ix.bm25()
	if err != nil || st.docs == 0 {
		return err
	}
	// 24 bytes a posting are kept (bleve's scores and a search's), and a
	// term costing more than an eighth of the cache is never kept
	// (postingsCache.put)
	common, err := commonTerms(ctx, snap, uint64(ix.postings.limit/8/24))
	if err != nil {
		return err
	}
	slices.SortStableFunc(common, func(a, b warmTerm) int { return int(b.n) - int(a.n) })
	search := st
	search.avgLen = searchAvgTerms
	budget := int(warmPostingsShare * float64(ix.postings.limit))
	used := 0
	for _, c := range common {
		if err := ctx.Err(); err != nil {
			return err
		}
		cost := 24*int(c.n) + 2*160
		if used+cost > budget {
			break
		}
		dfs, err := ix.docFreqs([]string{c.term})
		if err != nil {
			return err
		}
		if _, err := ix.postingsOf(ctx, snap, c.term, bm25Idf(st.docs, uint64(dfs[0])), search); err != nil {
			return err
		}
		used += cost
	}
	return nil
}

type warmTerm struct {
	term string
	n    uint64
}

// commonTerms lists the text field's terms with between warmMinPostings
// and maxPostings postings over all segments. The dictionary's own counts
// are not the postings' (1 for every term here): each term's postings are
// counted in each segment.
func commonTerms(ctx context.Context, snap *scorch.IndexSnapshot, maxPostings uint64) (common []warmTerm, err error) {
	segs := snap.Segments()
	dicts := make([]segment.TermDictionary, 0, len(segs))
	for _, sg := range segs {
		dict, err := sg.Segment().Dictionary(fText)
		if err != nil {
			return nil, err
		}
		dicts = append(dicts, dict)
	}
	d, err := snap.FieldDict(fText)
	if err != nil {
		return nil, err
	}
	defer func() {
		if cerr := d.Close(); err == nil {
			err = cerr
		}
	}()
	var pl segment.PostingsList
	for {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		e, err := d.Next()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return common, nil
		}
		n := uint64(0)
		for i, dict := range dicts {
			if pl, err = dict.PostingsList([]byte(e.Term), segs[i].Deleted(), pl); err != nil {
				return nil, err
			}
			n += pl.Count()
		}
		if n >= warmMinPostings && n <= maxPostings {
			common = append(common, warmTerm{e.Term, n})
		}
	}
}
