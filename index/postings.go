package index

import (
	"container/list"
	"context"
	"fmt"
	"math"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A related-articles question walks the postings of twenty to forty terms,
// and a review asks one per finding: a 5,000-character draft had 24
// questions walking 516,000 postings, of 369 distinct terms, and walking
// them through bleve's term reader (decoding, the norm, BM25) was half of
// the review's CPU. A term's BM25 score in an article depends on nothing
// but the term and the article (the index never changes once open), so the
// postings of a term are decoded once into arrays of document numbers and
// scores, and every later question, of the same draft or another, adds
// them up. The scores are computed as before,
// so a question's candidates and scores are the same bit for bit.

// termPostings are the documents holding a term, ascending, the term's
// BM25 score in each, before the query weight (bm25Term), and how often
// it stands there (a search ranks its candidates by that, termFreqs).
type termPostings struct {
	nums  []uint32
	vals  []float64
	freqs []uint32
	// rescored: nums and freqs are bleve's entry's (see rescoredPostings)
	rescored bool
}

// bytes is what keeping p costs, with its map entry and list element;
// the arrays a rescored entry shares are counted with bleve's entry.
func (p *termPostings) bytes() int {
	if p.rescored {
		return len(p.vals)*8 + 160
	}
	return len(p.nums)*8 + len(p.vals)*8 + 160
}

// postingsCacheBytes bounds the cache; the server's memory budget allows
// it (docs/performance.md). Rare terms are kept too: when only terms in
// 128 articles or more were, opening the readers of the others was still
// 6 ms of CPU in every review of one 5,000-character draft, and a
// finding's rare words come back in the next finding of its sentence.
// The server's warm-up pins the commonest words' postings beside it
// (WarmPostings, warmPinnedBytes), so searches and reviews have all of it
// for the rest. Stage 13 tried 64 MB (+70 MB idle RSS,
// the server's own p95 −20 %, the HTTP p95 unmoved) and the lead kept
// 32 MB: the peak under 50 users was 564 MB of the 600 MB budget, and a
// cache twice as large may use the difference. A command fills it only as
// far as it searches.
var postingsCacheBytes = 32 << 20

// postingsCache keeps the decoded postings of the terms used most
// recently, up to a number of bytes, and those WarmPostings pinned, which
// are never evicted and not counted in limit (see warmPinnedBytes).
type postingsCache struct {
	mu     sync.Mutex
	limit  int
	size   int
	byKey  map[string]*list.Element // of *postingsEntry
	lru    list.List                // front: used most recently
	pinned map[string]*termPostings
	// pinnedSize is what the pinned entries cost, as bytes counts it
	pinnedSize int
}

type postingsEntry struct {
	term string
	p    *termPostings
}

func (c *postingsCache) get(term string) *termPostings {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p := c.pinned[term]; p != nil {
		return p
	}
	e, ok := c.byKey[term]
	if !ok {
		return nil
	}
	c.lru.MoveToFront(e)
	return e.Value.(*postingsEntry).p
}

func (c *postingsCache) put(term string, p *termPostings) {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := p.bytes()
	if _, ok := c.byKey[term]; ok || c.pinned[term] != nil || n > c.limit/8 {
		return
	}
	if c.byKey == nil {
		c.byKey = map[string]*list.Element{}
	}
	for c.size+n > c.limit && c.lru.Len() > 0 {
		last := c.lru.Back()
		old := last.Value.(*postingsEntry)
		c.lru.Remove(last)
		delete(c.byKey, old.term)
		c.size -= old.p.bytes()
	}
	c.byKey[term] = c.lru.PushFront(&postingsEntry{term: term, p: p})
	c.size += n
}

// pin keeps a term's postings for good: taken out of the LRU list if a
// search put them there (p nil: only if it did), and counted in pinnedSize
// instead of size.
func (c *postingsCache) pin(term string, p *termPostings) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pinned[term] != nil {
		return
	}
	if e, ok := c.byKey[term]; ok {
		p = e.Value.(*postingsEntry).p
		c.lru.Remove(e)
		delete(c.byKey, term)
		c.size -= p.bytes()
	}
	if p == nil {
		return // evicted meanwhile, or never kept
	}
	if c.pinned == nil {
		c.pinned = map[string]*termPostings{}
	}
	c.pinned[term] = p
	c.pinnedSize += p.bytes()
}

// postingsOf returns the postings of a text-field term with their BM25
// scores (idf is the term's), from the cache or decoded through r.
func (ix *Index) postingsOf(ctx context.Context, r bindex.IndexReader, term string, idf float64, st bm25Stats) (*termPostings, error) {
	if st.avgLen != ix.bm25Stat.avgLen {
		return ix.rescoredPostings(ctx, r, term, idf, st)
	}
	if p := ix.postings.get(term); p != nil {
		return p, nil
	}
	if postingsDirect {
		if p, ok, err := decodeSegments(r, term, idf, st); err != nil || ok {
			if ok {
				ix.postings.put(term, p)
			}
			return p, err
		}
	}
	tfr, err := r.TermFieldReader(ctx, []byte(term), fText, true, true, false)
	if err != nil {
		return nil, fmt.Errorf("term %q: %w", term, err)
	}
	defer tfr.Close()
	n := tfr.Count()
	p := &termPostings{nums: make([]uint32, 0, n), vals: make([]float64, 0, n), freqs: make([]uint32, 0, n)}
	var d bindex.TermFieldDoc
	for {
		got, err := tfr.Next(&d)
		if err != nil {
			return nil, fmt.Errorf("term %q: %w", term, err)
		}
		if got == nil {
			break
		}
		num := got.ID.Value()
		if num > math.MaxUint32 {
			continue // beyond any document-law table: dropped by every question
		}
		p.nums = append(p.nums, uint32(num))
		p.vals = append(p.vals, bm25Term(idf, got.Freq, got.Norm, st))
		p.freqs = append(p.freqs, uint32(min(got.Freq, math.MaxUint32)))
	}
	ix.postings.put(term, p)
	return p, nil
}

// postingsDirect: a term's postings are decoded from the segments'
// postings iterators (decodeSegments); a test turns it off to compare with
// bleve's term reader.
var postingsDirect = true

// decodeSegments decodes a term's postings from each segment's postings
// iterator, as bleve's term reader does (the same documents, numbered the
// same way, the same counts and norms) without its per-posting layer:
// converting each number to an internal id and back, and the interface
// calls around it, were more than half of the decoding, and decoding the
// postings of terms a server has not met yet is most of a first clause
// search (docs/performance.md, stage 7). It reports false for a reader
// that is not scorch's.
func decodeSegments(r bindex.IndexReader, term string, idf float64, st bm25Stats) (*termPostings, bool, error) {
	p, _, ok, err := decodeScored(r, term, idf, st, 0, nil)
	return p, ok, err
}

// decodeScored is decodeSegments that, when avgLen is not 0, scores each
// posting a second time, for a mean article length of avgLen, as
// rescoredPostings would from the first score: the same arithmetic on the
// same values, in the pass that decodes them, rather than a pass of its
// own over what this one wrote (a search meets most of its new terms
// this way; see rescoredPostings). The second postings share the first's
// numbers and counts. Their arrays come from arena when it is not nil.
func decodeScored(r bindex.IndexReader, term string, idf float64, st bm25Stats, avgLen float64, arena *pinArena) (*termPostings, *termPostings, bool, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, nil, false, nil
	}
	segs := snap.Segments()
	lists := make([]segment.PostingsList, len(segs))
	n := uint64(0)
	for i, sg := range segs {
		dict, err := sg.Segment().Dictionary(fText)
		if err != nil {
			return nil, nil, false, fmt.Errorf("term %q: %w", term, err)
		}
		pl, err := dict.PostingsList([]byte(term), sg.Deleted(), nil)
		if err != nil {
			return nil, nil, false, fmt.Errorf("term %q: %w", term, err)
		}
		lists[i] = pl
		n += pl.Count()
	}
	p := &termPostings{nums: pinnedUint32s(arena, int(n)), vals: pinnedFloat64s(arena, int(n)), freqs: pinnedUint32s(arena, int(n))}
	var q *termPostings
	if avgLen != 0 {
		q = &termPostings{vals: pinnedFloat64s(arena, int(n)), rescored: true}
	}
	offsets, _ := segmentOffsets(segs)
	for i, pl := range lists {
		it := pl.Iterator(true, true, false, nil)
		for {
			got, err := it.Next()
			if err != nil {
				return nil, nil, false, fmt.Errorf("term %q: %w", term, err)
			}
			if got == nil {
				break
			}
			num := got.Number() + offsets[i]
			if num > math.MaxUint32 {
				continue // beyond any document-law table: dropped by every question
			}
			v := bm25Term(idf, got.Frequency(), got.Norm(), st)
			f := uint32(min(got.Frequency(), math.MaxUint32))
			p.nums = append(p.nums, uint32(num))
			p.vals = append(p.vals, v)
			p.freqs = append(p.freqs, f)
			if q != nil {
				q.vals = append(q.vals, rescore(v, f, idf, st.avgLen, avgLen))
			}
		}
	}
	if q != nil {
		q.nums, q.freqs = p.nums, p.freqs
	}
	return p, q, true, nil
}

// postingsKey is the cache key of a term's postings scored with another
// mean article length than bleve's (a search's, see searchAvgTerms): the
// documents and counts are the same, the scores are not.
func postingsKey(term string, avgLen float64) string {
	return fmt.Sprintf("%s\x00%g", term, avgLen)
}

// rescoredPostings are a term's postings scored with the mean length of
// st, worked out from bleve's scores of the same postings (decoded once,
// shared with related questions) rather than decoded again: BM25's length
// part is recovered from each score. Not to the bit, which only bleve's
// own scores must be (related articles compare them with bleve's).
func (ix *Index) rescoredPostings(ctx context.Context, r bindex.IndexReader, term string, idf float64, st bm25Stats) (*termPostings, error) {
	key := postingsKey(term, st.avgLen)
	if p := ix.postings.get(key); p != nil {
		return p, nil
	}
	base := st
	base.avgLen = ix.bm25Stat.avgLen
	if postingsDirect && ix.postings.get(term) == nil {
		// neither kept: both scored in one decoding pass
		b, p, ok, err := decodeScored(r, term, idf, base, st.avgLen, nil)
		if err != nil {
			return nil, err
		}
		if ok {
			ix.postings.put(term, b)
			ix.postings.put(key, p)
			return p, nil
		}
	}
	b, err := ix.postingsOf(ctx, r, term, idf, base)
	if err != nil {
		return nil, err
	}
	p := &termPostings{nums: b.nums, freqs: b.freqs, vals: make([]float64, len(b.vals)), rescored: true}
	for i, v := range b.vals {
		p.vals[i] = rescore(v, b.freqs[i], idf, base.avgLen, st.avgLen)
	}
	ix.postings.put(key, p)
	return p, nil
}

// rescore is a posting's BM25 score for a mean article length of avgLen,
// from v, its score for bleve's mean baseAvg, and its count freq.
func rescore(v float64, freq uint32, idf, baseAvg, avgLen float64) float64 {
	tf := math.Sqrt(float64(freq))
	if v <= 0 || idf <= 0 {
		return 0
	}
	// v = idf·tf·k1 / (tf + k1·(1 − b + b·len/avg)): the length part
	// with bleve's mean, then with avgLen
	k1, bb := search.BM25_k1, search.BM25_b
	lengthPart := (idf*tf*k1/v-tf)/k1 - (1 - bb)
	return idf * tf * k1 / (tf + k1*(1-bb+lengthPart*baseAvg/avgLen))
}

// cachedPostings returns a term's postings if a search or a related
// question decoded them, scored either way: for their counts.
func (ix *Index) cachedPostings(term string) *termPostings {
	if p := ix.postings.get(postingsKey(term, searchAvgTerms)); p != nil {
		return p
	}
	return ix.postings.get(term)
}
