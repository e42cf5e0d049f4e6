package index

import (
	"context"
	"slices"
	"unsafe"

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
//
// Warming the 20 commonest words into the LRU cache was not enough: after
// that warm-up the 200 clauses still decoded 2.0 million postings new (the
// slowest searches', stage 16), 1.5 million of them of words in 3,000 to
// 80,000 articles, and the 32 MB cache evicted such words to make room for
// others (社会 was decoded twice). So the warm-up pins every word down to a
// document frequency the budget reaches, outside the LRU cache, which is
// left whole to the rarer words searches and reviews meet (stage 17).

// warmPinnedBytes bounds the postings WarmPostings pins: the server's
// memory budget (docs/performance.md) pays for it, at 24 bytes a posting
// (bleve's scores and a search's). 64 MB hold the words in about 4,000
// articles or more of the whole collection.
var warmPinnedBytes = 64 << 20

// warmMinPostings: rarer terms are not warmed (their decoding is short).
const warmMinPostings = 1000

// WarmPostings decodes the commonest terms' postings, most common first,
// and pins them in the postings cache, up to warmPinnedBytes. It stops
// early when ctx ends; the index must stay open until it returns.
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
	common, err := commonTerms(ctx, snap, uint64(warmPinnedBytes/24))
	if err != nil {
		return err
	}
	slices.SortStableFunc(common, func(a, b warmTerm) int { return int(b.n) - int(a.n) })
	search := st
	search.avgLen = searchAvgTerms
	if ix.postings.pinnedSize == 0 {
		// a new cache (only a test replaces it, and not while searching):
		// nothing in the arena is in use
		ix.pins.reset()
	}
	used := 0
	for _, c := range common {
		if err := ctx.Err(); err != nil {
			return err
		}
		cost := 24*int(c.n) + 2*160
		if used+cost > warmPinnedBytes {
			break
		}
		dfs, err := ix.docFreqs([]string{c.term})
		if err != nil {
			return err
		}
		if err := ix.warmTerm(ctx, snap, c.term, bm25Idf(st.docs, uint64(dfs[0])), st, search); err != nil {
			return err
		}
		used += cost
	}
	return nil
}

// warmTerm pins a term's postings scored both ways: bleve's scores
// (related questions', and what a search's are worked out from) and a
// search's, decoded into the index's arena unless a search or a question
// decoded them already.
func (ix *Index) warmTerm(ctx context.Context, snap *scorch.IndexSnapshot, term string, idf float64, st, search bm25Stats) error {
	key := postingsKey(term, search.avgLen)
	if ix.postings.get(term) == nil && ix.postings.get(key) == nil {
		b, p, ok, err := decodeScored(snap, term, idf, st, search.avgLen, &ix.pins)
		if err != nil {
			return err
		}
		if ok {
			ix.postings.pin(term, b)
			ix.postings.pin(key, p)
			return nil
		}
	}
	p, err := ix.postingsOf(ctx, snap, term, idf, search)
	if err != nil {
		return err
	}
	ix.postings.pin(term, nil)
	ix.postings.pin(key, p)
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

// WarmTables makes the tables a search writes by document number — the
// document-law table, the fact table, the stored cache's slots and one
// accumulator (~6 MB for the whole collection) — and writes a word in
// every 4 KB page of them, so that the server's first searches do not.
// Made on first use, their pages were first written by those searches:
// a page fault each and, on this guest, a TLB flush sent to the other
// processor, 2–10 ms of page faults in each of the first ten searches
// after start (docs/performance.md, stage 24). Nothing in them changes: a
// word is written with its own value (compare-and-swap, which faults the
// page in for writing whatever it finds), so a search filling the tables
// beside the warm-up loses nothing.
func (ix *Index) WarmTables() error {
	t, err := ix.docLaws()
	if err != nil {
		return err
	}
	f := ix.factWords()
	for i := 0; i < len(f.words); i += pageBytes / 8 {
		f.words[i].CompareAndSwap(0, 0)
	}
	sc := ix.storedSlots()
	for i := 0; i < len(sc.slots); i += pageBytes / 8 {
		sc.slots[i].CompareAndSwap(nil, nil)
	}
	a := &accumulator{slot: make([]accSlot, len(t.law))}
	for i := 0; i < len(a.slot); i += pageBytes / int(unsafe.Sizeof(accSlot{})) {
		a.slot[i] = accSlot{}
	}
	select {
	case accKept <- a:
	default:
	}
	return nil
}

// pageBytes is the size of a page of memory.
const pageBytes = 4096
