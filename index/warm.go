package index

import (
	"context"
	"fmt"
	"slices"
	"unsafe"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A server's first clause searches each met terms and articles no search
// had met: they decoded the postings of common words (人民政府, 应当: tens
// of thousands of articles each), worked out the facts rank reads of every
// candidate's text (factTable) and touched the index's pages for the first
// time, and took several times as long as the same searches later
// (docs/performance.md, stage 12). Warm does that work once, in the
// background after the server starts. What it keeps is what those searches
// would have kept, worked out the same way, so no answer changes.

// warmPostingsShare is the share of the postings cache Warm fills with the
// commonest terms' postings, scored as a clause search scores them; the
// rest is left to the terms the searches and reviews meet.
const warmPostingsShare = 0.5

// Warm decodes the postings of the commonest terms and fills the fact
// table of every article. It stops early when ctx ends; the index must
// stay open until it returns.
func (ix *Index) Warm(ctx context.Context) error {
	r, err := ix.reader()
	if err != nil {
		return err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil // not scorch's: searches work everything out as before
	}
	if err := ix.warmPostings(ctx, snap); err != nil {
		return err
	}
	return ix.warmFacts(ctx, snap)
}

// warmPostings decodes the commonest terms' postings into the cache, most
// common first, as topTerms would for a clause search (the same idf, the
// same mean length), up to warmPostingsShare of the cache.
func (ix *Index) warmPostings(ctx context.Context, snap *scorch.IndexSnapshot) error {
	st, err := ix.bm25()
	if err != nil || st.docs == 0 {
		return err
	}
	// the dictionary's own counts are not the postings' (1 for every
	// term here): each term's postings are counted in each segment
	var dicts []segment.TermDictionary
	for _, sg := range snap.Segments() {
		dict, err := sg.Segment().Dictionary(fText)
		if err != nil {
			return err
		}
		dicts = append(dicts, dict)
	}
	d, err := snap.FieldDict(fText)
	if err != nil {
		return err
	}
	type termCount struct {
		term string
		n    uint64
	}
	var common []termCount
	budget := int(warmPostingsShare * float64(postingsCacheBytes))
	// a term whose postings cost more than an eighth of the cache is
	// never kept (postingsCache.put): 24 bytes a posting, bleve's scores
	// and a search's
	maxPostings := uint64(postingsCacheBytes / 8 / 24)
	var pl segment.PostingsList
	for {
		e, err := d.Next()
		if err != nil {
			d.Close()
			return err
		}
		if e == nil {
			break
		}
		n := uint64(0)
		for i, dict := range dicts {
			if pl, err = dict.PostingsList([]byte(e.Term), snap.Segments()[i].Deleted(), pl); err != nil {
				d.Close()
				return err
			}
			n += pl.Count()
		}
		if n >= 1000 && n <= maxPostings {
			common = append(common, termCount{e.Term, n})
		}
	}
	if err := d.Close(); err != nil {
		return err
	}
	slices.SortStableFunc(common, func(a, b termCount) int { return int(b.n) - int(a.n) })
	search := st
	search.avgLen = searchAvgTerms
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

// warmFacts works out the facts of every article's text (see factTable),
// reading each stored text in place.
func (ix *Index) warmFacts(ctx context.Context, snap *scorch.IndexSnapshot) error {
	segs := snap.Segments()
	offsets, _ := segmentOffsets(segs)
	facts := ix.factTable()
	for si, sg := range segs {
		for local := uint64(0); local < uint64(sg.FullSize()); local++ {
			if local%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if sg.Deleted() != nil && sg.Deleted().Contains(uint32(local)) {
				continue
			}
			num := offsets[si] + local
			err := sg.VisitDocument(local, func(field string, _ byte, val []byte, _ []uint64) bool {
				if field != fText {
					return true
				}
				// the facts are worked out before the callback returns and
				// keep nothing of the text
				facts.of(num, unsafe.String(unsafe.SliceData(val), len(val)))
				return false
			})
			if err != nil {
				return fmt.Errorf("article %d: %w", num, err)
			}
		}
	}
	return nil
}
