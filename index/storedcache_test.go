package index

import (
	"reflect"
	"testing"

	"lawreview/corpus"
)

// TestStoredCacheSameAnswers: answers read through the stored cache, as
// the documents are first read and then from the cache, are those of the
// segments; and the cache keeps a document as the segment holds it.
func TestStoredCacheSameAnswers(t *testing.T) {
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	ix := buildIndex(t, c.Laws()...)
	var qs []Query
	for _, s := range []string{"罚款", "村民委员会 罚款", "没收违法所得", "禁止外嫁女参与集体收益分配", "承包地 收回", "民法典 第一千二百六十条"} {
		qs = append(qs, Query{Text: s, Size: 20}, Query{Text: s, Province: "浙江", Size: 20, From: 5})
	}
	first := searchAndRelated(t, ix, qs, nil) // fills the cache
	if ix.stored.used.Load() == 0 {
		t.Fatal("nothing kept in the stored cache")
	}
	again := searchAndRelated(t, ix, qs, nil) // reads it
	if !reflect.DeepEqual(first, again) {
		t.Errorf("answers from the stored cache differ:\n%q\n%q", first, again)
	}
	segs, offsets, running := indexSegments(t, ix)
	kept := 0
	for num := range ix.stored.slots {
		d := ix.stored.slots[num].Load()
		if d == nil {
			continue
		}
		kept++
		c, ok, err := storedAt(segs, offsets, running, uint64(num))
		if err == nil {
			c.art, c.text, err = ix.article(c.id) // the corpus's, not stored
		}
		if !ok || err != nil || c.id != d.id || c.art != d.art || c.text != d.text {
			t.Fatalf("document %d kept as %+v, the segment holds %q %q %q (%v, %v)", num, *d, c.id, c.art, c.text, ok, err)
		}
	}
	if kept == 0 || ix.stored.used.Load() > storedCacheBytes {
		t.Errorf("%d documents kept in %d bytes (budget %d)", kept, ix.stored.used.Load(), storedCacheBytes)
	}
}
