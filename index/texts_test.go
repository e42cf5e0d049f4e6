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
// versions is refused as missing (the store rebuilds it), and a law whose
// articles changed since the build gives an error naming it, never
// another article's text.
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

	// The same versions, one article changed (a version imported again
	// from a corrected file): the law's articles are refused, whether its
	// text changed or what else a hit shows of it (format 4 stores none
	// of it either).
	for _, tc := range []struct {
		name   string
		change func(a *corpus.Article)
	}{
		{"text", func(a *corpus.Article) { a.Text = "承包期内，发包方不得收回承包地。" }},
		{"number", func(a *corpus.Article) { a.Number++ }},
		{"chapter", func(a *corpus.Article) { a.Chapters = append(a.Chapters, "第九章 附则") }},
	} {
		laws := testLaws()
		land := laws[2]
		tc.change(&land.Articles[1])
		ix, err = Open(dir, corpus.New(laws...))
		if err != nil {
			t.Fatal(err)
		}
		_, err = ix.Search(context.Background(), Query{Text: "承包地 收回", Law: "农村土地承包法"})
		var stale *StaleTextError
		if !errors.As(err, &stale) || stale.LawID != land.ID {
			t.Errorf("%s changed: search of the law: %v, want a StaleTextError of %s", tc.name, err, land.ID)
		}
		// other laws still answer
		if _, err := ix.Search(context.Background(), Query{Text: "生活垃圾", Law: "北京市村庄环境卫生管理规定"}); err != nil {
			t.Errorf("%s changed: search of an unchanged law: %v", tc.name, err)
		}
		ix.Close()
	}
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
