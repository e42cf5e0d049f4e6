package index

import (
	"sync"
	"testing"

	bindex "github.com/blevesearch/bleve_index_api"
)

// TestStoredAtConcurrent: storedAt and bleve's own ExternalID read the
// stored _id of the same segments from several goroutines, as a review's
// related lookups do; each must read the ID of the document it asked for.
// A visitor that stops at _id made zap put its pooled reader back twice,
// and reads then failed with EOF or read another document at random.
func TestStoredAtConcurrent(t *testing.T) {
	ix := defaultIndex(t)
	segs, offsets, running := indexSegments(t, ix)
	want := make([]string, running)
	for num := uint64(0); num < running; num++ {
		c, ok, err := storedAt(segs, offsets, running, num)
		if !ok || err != nil {
			t.Fatalf("document %d: %v %v", num, ok, err)
		}
		want[num] = c.id
	}
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			id := make(bindex.IndexInternalID, 8)
			for pass := 0; pass < 40; pass++ {
				for num := uint64(g); num < running; num += 3 {
					c, _, err := storedAt(segs, offsets, running, num)
					if err != nil || c.id != want[num] {
						errs <- "storedAt: " + c.id + " for " + want[num]
						return
					}
					id.SetValue(num)
					ext, err := r.ExternalID(id)
					if err != nil || ext != want[num] {
						errs <- "ExternalID: " + ext + " for " + want[num]
						return
					}
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
