package index

import (
	"context"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
)

// TestDocIDQuery: the _id is not indexed, so an article's document number
// comes from its law's (docNum); every document's stored _id must be the
// ID that number is found for, and docIDQuery must find exactly the
// documents named, with bleve's constant score, skipping unknown IDs.
func TestDocIDQuery(t *testing.T) {
	ix := defaultIndex(t)
	segs, offsets, running := indexSegments(t, ix)
	if running != uint64(ix.docs) || running < 300 {
		t.Fatalf("%d documents in the segments, the index counts %d", running, ix.docs)
	}
	var ids []string
	for num := uint64(0); num < running; num++ {
		c, ok, err := storedAt(segs, offsets, running, num)
		if !ok || err != nil || c.id == "" {
			t.Fatalf("document %d: %+v %v %v", num, c, ok, err)
		}
		got, ok, err := ix.docNum(c.id)
		if !ok || err != nil || got != num {
			t.Fatalf("%s is document %d, docNum says %d (%v, %v)", c.id, num, got, ok, err)
		}
		if d, ok, err := ix.derivedAt(num); !ok || err != nil || d.id != c.id {
			t.Fatalf("document %d is %s, derivedAt says %q (%v, %v)", num, c.id, d.id, ok, err)
		}
		if num%7 == 3 {
			ids = append(ids, c.id)
		}
	}
	if d, ok, err := ix.derivedAt(running); ok || err != nil {
		t.Errorf("derivedAt(%d), beyond the documents, = %q, %v, %v; want none", running, d.id, ok, err)
	}
	for _, bad := range []string{"", "no-such-law/1", ids[0][:len(ids[0])-2] + "/0", ids[0] + "x", ids[0] + "9999"} {
		if _, ok, err := ix.docNum(bad); ok || err != nil {
			t.Errorf("docNum(%q) = %v, %v; want not found", bad, ok, err)
		}
	}

	// in reverse, repeated, with unknown IDs: the documents once each, in
	// document order when the scores tie
	asked := append(slices.Clone(ids), "no-such-law/1", ids[0])
	slices.Reverse(asked)
	req := bleve.NewSearchRequestOptions(ix.docIDQuery(asked), len(asked), 0, false)
	sr, err := ix.bi.SearchInContext(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range sr.Hits {
		got = append(got, h.ID)
		if h.Score != 1 {
			t.Errorf("%s scored %v, want bleve's constant 1", h.ID, h.Score)
		}
	}
	if !slices.Equal(got, ids) {
		t.Errorf("docIDQuery found %d documents, want the %d named:\n%q\n%q", len(got), len(ids), got, ids)
	}
}
