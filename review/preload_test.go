package review

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"lawreview/corpus"
)

// TestPreload: an engine that takes Preload's rules and prefilter reviews
// as one that loads its own, and the next engine loads its own again.
func TestPreload(t *testing.T) {
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	Preload()
	Preload() // a second call before any New changes nothing
	pre, err := New(Config{Laws: c})
	if err != nil {
		t.Fatal(err)
	}
	if takePreloaded() != nil {
		t.Fatal("the preloaded rules are still pending after New took them")
	}
	own, err := New(Config{Laws: c})
	if err != nil {
		t.Fatal(err)
	}
	if &pre.rules[0] == &own.rules[0] || pre.prefilter == own.prefilter {
		t.Fatal("two engines share one Preload's rules")
	}
	drafts, err := filepath.Glob("../testdata/eval/*.txt")
	if err != nil || len(drafts) < 5 {
		t.Fatalf("drafts: %v (%d)", err, len(drafts))
	}
	for _, path := range drafts[:5] {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		a, errA := pre.Review(Input{Text: string(text)}, Options{At: reviewDate})
		b, errB := own.Review(Input{Text: string(text)}, Options{At: reviewDate})
		if errA != nil || errB != nil {
			t.Fatalf("%s: %v / %v", path, errA, errB)
		}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: the preloaded engine's report differs: %v / %v", path, ruleIDs(a), ruleIDs(b))
		}
	}
}
