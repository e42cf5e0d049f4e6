package index

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"lawreview/corpus"
)

// TestTextsFromCorpus: a hit's text is its corpus article's, which the
// index does not store; an index opened with a corpus of other law
// versions is refused as missing (the store rebuilds it).
func TestTextsFromCorpus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	c := corpus.New(testLaws()...)
	if err := Build(dir, c.Laws(), nil); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir, c)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ix.Search(context.Background(), Query{Text: "外嫁女 承包地", Size: 20})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	for _, h := range res.Hits {
		l, _ := c.ByID(h.LawID)
		if a := l.Article(h.Number, h.Sub); a == nil || a.Text != h.Text || h.Text == "" {
			t.Errorf("%s %s: text %q is not the corpus's", h.LawID, h.Article, h.Text)
		}
	}
	ix.Close()

	if _, err := Open(dir, nil); err == nil {
		t.Error("Open without a corpus succeeded")
	}
	fewer := corpus.New(testLaws()[1:]...)
	if _, err := Open(dir, fewer); !errors.Is(err, ErrNoIndex) {
		t.Errorf("Open with a law version missing: %v, want ErrNoIndex", err)
	}
	more := corpus.New(append(testLaws(), mkLaw("示例条例", "2021-01-01", "法律", "", "示例。"))...)
	if _, err := Open(dir, more); !errors.Is(err, ErrNoIndex) {
		t.Errorf("Open with a law version added: %v, want ErrNoIndex", err)
	}

	// The same versions with other articles are refused at open too:
	// TestOpenRefusesChangedCorpus; a law that changed behind an index
	// that trusts its snapshot is refused when its texts are read:
	// TestLegacyTableTrustsSnapshot.
}

// TestStoreRebuildsStale: laws imported without the rebuild that should
// follow (a crash between the two) make the live index stale; the next
// Open builds a new one rather than show texts of other laws.
func TestStoreRebuildsStale(t *testing.T) {
	s := NewStore(t.TempDir())
	ix, err := s.Open(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	first := liveDir(t, s)
	imp, rep := corpus.Import(filepath.Join("testdata", "laws"))
	if rep.Versions == 0 {
		t.Fatalf("nothing imported: %+v", rep)
	}
	if err := s.AddImported(imp.Laws(), ImportRecord{}); err != nil {
		t.Fatal(err)
	}
	ix, err = s.Open(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if d := liveDir(t, s); d == first || ix.Dir() != d {
		t.Fatalf("stale index %s kept (live %s, opened %s)", first, d, ix.Dir())
	}
	res, err := ix.Search(context.Background(), Query{Text: "鸬鹚"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || res.Hits[0].Text == "" {
		t.Errorf("鸬鹚 after the rebuild: %+v", res)
	}
}
