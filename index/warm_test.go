package index

import (
	"reflect"
	"runtime"
	"testing"

	"lawreview/corpus"
)

// TestWarmTables: the warm-up makes the tables at their size, changes no
// fact or stored document searches already wrote (it runs beside the
// server's first searches) nor any answer, and keeps an accumulator that
// collections do not take.
func TestWarmTables(t *testing.T) {
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	ix := buildIndex(t, c.Laws()...)
	qs := []Query{{Text: "罚款", Size: 20}, {Text: "村民委员会 罚款", Size: 20}, {Text: "承包地 收回", Province: "浙江", Size: 20, From: 5}}
	before := searchAndRelated(t, ix, qs, nil) // writes facts and stored documents
	// and a page's first word, which the warm-up writes again, of each
	// (a placeholder document, taken out before the answers are compared)
	placeholder := &storedDoc{id: "warm-test"}
	for num := 0; num < ix.docs; num += pageBytes / 16 {
		ix.textFacts(uint64(num), "第一条 为了规范村民自治，制定本规约。")
		if num%(pageBytes/8) == 0 {
			ix.stored.slots[num].CompareAndSwap(nil, placeholder)
		}
	}
	facts := make([]uint64, len(ix.facts.words))
	for i := range facts {
		facts[i] = ix.facts.words[i].Load()
	}
	stored := make([]*storedDoc, len(ix.stored.slots))
	for i := range stored {
		stored[i] = ix.stored.slots[i].Load()
	}
	written := 0
	for _, w := range facts {
		if w != 0 {
			written++
		}
	}
	if written == 0 {
		t.Fatal("the searches wrote no fact")
	}

	for len(accKept) > 0 {
		<-accKept
	}
	if err := ix.WarmTables(); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"fact words", len(ix.facts.words), 2 * ix.docs},
		{"stored slots", len(ix.stored.slots), ix.docs},
		{"accumulators kept", len(accKept), 1},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
	for i := range facts {
		if got := ix.facts.words[i].Load(); got != facts[i] {
			t.Fatalf("fact word %d: %x after the warm-up, %x before", i, got, facts[i])
		}
	}
	for i := range stored {
		if got := ix.stored.slots[i].Load(); got != stored[i] {
			t.Fatalf("stored slot %d changed by the warm-up", i)
		}
	}

	kept := <-accKept
	accKept <- kept
	table, err := ix.docLaws()
	if err != nil {
		t.Fatal(err)
	}
	for _, when := range []string{"made by the warm-up", "released by a search"} {
		runtime.GC()
		runtime.GC() // a sync.Pool is empty after two
		a := getAccumulator(len(table.law))
		if a != kept {
			t.Errorf("the accumulator %s was not kept through two collections", when)
		}
		a.release()
	}

	for num := range ix.stored.slots {
		ix.stored.slots[num].CompareAndSwap(placeholder, nil)
	}
	if after := searchAndRelated(t, ix, qs, nil); !reflect.DeepEqual(before, after) {
		t.Errorf("answers after the warm-up differ:\n%q\n%q", before, after)
	}
}
