package index

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"

	"lawreview/corpus"
	"lawreview/review"
)

// mkLaw builds one version of a law with articles 第一条… holding texts.
func mkLaw(name, date, level, region string, texts ...string) *corpus.Law {
	d, err := time.Parse(time.DateOnly, date)
	if err != nil {
		panic(err)
	}
	short := name
	if len(name) > len("中华人民共和国") && name[:len("中华人民共和国")] == "中华人民共和国" {
		short = name[len("中华人民共和国"):]
	}
	l := &corpus.Law{
		ID: short + "@" + date, Name: name, ShortName: short, Level: level,
		Region: region, Published: d, Source: "test",
	}
	for i, t := range texts {
		l.Articles = append(l.Articles, corpus.Article{
			Number: i + 1, Label: corpus.ArticleLabel(i+1, 0),
			Chapters: []string{"第一章 总则"}, Paragraphs: []string{t}, Text: t,
		})
	}
	return l
}

// buildIndex builds laws (statuses worked out by corpus.New) into a
// temporary directory and opens it.
func buildIndex(t testing.TB, laws ...*corpus.Law) *Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "ix")
	c := corpus.New(laws...)
	if err := Build(dir, c.Laws(), nil); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir, c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

var (
	defaultOnce sync.Once
	defaultIx   *Index
	defaultErr  error
)

// defaultIndex is the index of the embedded default corpus, built once for
// the whole test binary.
func defaultIndex(t testing.TB) *Index {
	t.Helper()
	defaultOnce.Do(func() {
		c, err := corpus.Default()
		if err != nil {
			defaultErr = err
			return
		}
		dir := filepath.Join(testTmp, "default-ix")
		all := Combine(c.Laws(), nil)
		if defaultErr = Build(dir, all.Laws(), nil); defaultErr != nil {
			return
		}
		defaultIx, defaultErr = Open(dir, all)
	})
	if defaultErr != nil {
		t.Fatal(defaultErr)
	}
	return defaultIx
}

// clauseQuery asks for articles related to a sentence alone, as a caller
// with no rule or basis would.
func clauseQuery(s string) review.RelatedQuery { return review.RelatedQuery{Clause: s, Sentence: s} }

// indexSegments are ix's segments, where their document numbers start and
// where the last one's end (segmentOffsets), for reading documents by
// number; the reader is closed when the test ends.
func indexSegments(t testing.TB, ix *Index) ([]*scorch.SegmentSnapshot, []uint64, uint64) {
	t.Helper()
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		t.Fatalf("reader %T", r)
	}
	segs := snap.Segments()
	offsets, running := segmentOffsets(segs)
	return segs, offsets, running
}
