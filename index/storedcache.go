package index

import (
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// storedCacheBytes bounds the stored documents kept in memory (see
// storedCache). 200 clause searches read ~37,600 stored documents, 21,600
// of them different (~40 % read again); 16 MB held ~30,000 articles of
// the mean length when the text was stored with them, and holds all of
// them now that it is the corpus's (its bytes are not counted).
const storedCacheBytes = 16 << 20

// storedOverhead is what keeping one document costs beyond its _id and
// article strings: the record, its pointer and the strings' headers.
const storedOverhead = 96

// storedCache keeps the stored _id of documents as they are first read,
// with the article fields and text the corpus has for them (texts.go), by
// internal document number: a clause search reads the ~150 candidates'
// stored documents (snappy-decoded from the segment and copied), and the
// articles of the laws searched most recur from search to search. The index never changes once
// open, so a document number always names the same document. Documents are
// kept as they come until the budget is spent, then no more: no eviction,
// so no lock on the read path.
type storedCache struct {
	once  sync.Once
	slots []atomic.Pointer[storedDoc]
	used  atomic.Int64 // bytes kept
}

type storedDoc struct{ id, art, text string }

// storedAt is storedAt (search.go) with the article's text, through the
// index's stored cache.
func (ix *Index) storedAt(segs []*scorch.SegmentSnapshot, offsets []uint64, running, num uint64) (candidate, bool, error) {
	sc := ix.storedSlots()
	if num < uint64(len(sc.slots)) {
		if d := sc.slots[num].Load(); d != nil {
			return candidate{num: num, loaded: true, id: d.id, art: d.art, text: d.text}, true, nil
		}
	}
	c, ok, err := ix.derivedAt(num)
	if !ok && err == nil {
		c, ok, err = storedAt(segs, offsets, running, num)
	}
	if !ok || err != nil || c.id == "" {
		return c, ok, err // the callers search by id for a document without one
	}
	if c.art, c.text, err = ix.article(c.id); err != nil {
		return c, false, err
	}
	if num >= uint64(len(sc.slots)) {
		return c, ok, nil
	}
	// the text is the corpus's string, not a copy: it costs nothing here
	size := int64(len(c.id) + len(c.art) + storedOverhead)
	if sc.used.Load()+size <= storedCacheBytes {
		// two searches may keep the same document at once: the same
		// strings either way, counted twice at worst
		sc.used.Add(size)
		sc.slots[num].Store(&storedDoc{id: c.id, art: c.art, text: c.text})
	}
	return c, ok, nil
}

// storedSlots is the index's stored cache, its slots made on first use.
func (ix *Index) storedSlots() *storedCache {
	sc := &ix.stored
	sc.once.Do(func() { sc.slots = make([]atomic.Pointer[storedDoc], ix.docs) })
	return sc
}

// derivedAt is storedAt's candidate with the ID the document-law table
// gives (docLawTable.idOf), without reading the segment; ok is false when
// the table has none, and the segment is read.
func (ix *Index) derivedAt(num uint64) (candidate, bool, error) {
	t, err := ix.docLaws()
	if err != nil {
		return candidate{}, false, err
	}
	id, ok := t.idOf(num)
	return candidate{num: num, loaded: true, id: id}, ok, nil
}
