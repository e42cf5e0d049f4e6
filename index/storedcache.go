package index

import (
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// storedCacheBytes bounds the stored documents kept in memory (see
// storedCache). 200 clause searches read ~37,600 stored documents, 21,600
// of them different (~40 % read again); 16 MB holds ~30,000 articles of
// the mean length.
const storedCacheBytes = 16 << 20

// storedOverhead is what keeping one document costs beyond its three
// strings: the record, its pointer and the strings' headers.
const storedOverhead = 96

// storedCache keeps the stored _id, article and text of documents as they
// are first read, by internal document number: a clause search reads the
// ~150 candidates' stored documents (snappy-decoded from the segment and
// copied, a fifth of a warm search's CPU), and the articles of the laws
// searched most recur from search to search. The index never changes once
// open, so a document number always names the same document. Documents are
// kept as they come until the budget is spent, then no more: no eviction,
// so no lock on the read path.
type storedCache struct {
	once  sync.Once
	slots []atomic.Pointer[storedDoc]
	used  atomic.Int64 // bytes kept
}

type storedDoc struct{ id, art, text string }

// storedAt is storedAt (search.go) through the index's stored cache.
func (ix *Index) storedAt(segs []*scorch.SegmentSnapshot, offsets []uint64, running, num uint64) (candidate, bool, error) {
	sc := &ix.stored
	sc.once.Do(func() { sc.slots = make([]atomic.Pointer[storedDoc], ix.docs) })
	if num < uint64(len(sc.slots)) {
		if d := sc.slots[num].Load(); d != nil {
			return candidate{num: num, loaded: true, id: d.id, art: d.art, text: d.text}, true, nil
		}
	}
	c, ok, err := storedAt(segs, offsets, running, num)
	if !ok || err != nil || num >= uint64(len(sc.slots)) {
		return c, ok, err
	}
	size := int64(len(c.id) + len(c.art) + len(c.text) + storedOverhead)
	if sc.used.Load()+size <= storedCacheBytes {
		// two searches may keep the same document at once: the same
		// strings either way, counted twice at worst
		sc.used.Add(size)
		sc.slots[num].Store(&storedDoc{id: c.id, art: c.art, text: c.text})
	}
	return c, ok, err
}
