package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"sort"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"

	"lawreview/corpus"
)

// Build assembles documents by hand (articleDoc) and analyses their text
// with the index-time analyzer; the mapping saved in the index must
// describe exactly those fields, and the full analyzer (which queries use)
// must give the same terms, or queries would disagree with what is
// indexed. Checked on every article of the default corpus and on awkward
// text.
func TestArticleDocMatchesMapping(t *testing.T) {
	full, err := Analyzer()
	if err != nil {
		t.Fatal(err)
	}
	an, err := newIndexAnalyzer(full)
	if err != nil {
		t.Fatal(err)
	}
	def, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	odd := mkLaw("奇怪文字法", "2020-01-01", "法律", "",
		"Ａpp 与 APP 收费\u3000标准，罚款２００元；ΣΑΣ İstanbul Ⱥ",
		"罚款\x00没收", "   ", "中华人民共和国村民委员会组织法第二十条之一",
		"本村规民约经村民会议通过（２０２４年）")
	laws := append(corpus.New(testLaws()...).Laws(), def.Laws()...)
	laws = append(laws, corpus.New(odd).Laws()...)
	m := NewMapping()
	n := 0
	// All documents are built before any is compared, as a build worker
	// builds a segment's: the analyzer reuses its buffers from one article
	// to the next, and a law's articles share their tags.
	// They are built as the build does, several texts cut at once, in
	// runs of a length that leaves a short last run.
	db := newDocBuilder(an)
	var refs []artRef
	for _, l := range laws {
		for i := range l.Articles {
			refs = append(refs, artRef{l, i})
		}
	}
	var built []bindex.Document
	for k := 0; k < len(refs); k += 37 {
		built = db.articleDocs(built, refs[k:min(k+37, len(refs))])
	}
	for _, l := range laws {
		for i := range l.Articles {
			got := built[n].(*document.Document)
			n++
			a := &l.Articles[i]
			want := document.NewDocument(docID(l, i))
			if err := m.MapDocument(want, map[string]interface{}{
				fText: a.Text,
				fTags: lawTags(l),
			}); err != nil {
				t.Fatal(err)
			}
			want.AddIDField()
			for _, f := range want.Fields {
				// the ID is stored, not indexed: no term (docids.go)
				if f.Options().IsIndexed() && f.Name() != "_id" {
					f.Analyze()
				}
			}
			if g, w := fieldSummary(got), fieldSummary(want); !reflect.DeepEqual(g, w) {
				t.Errorf("%s:\n built  %v\n mapped %v", got.ID(), g, w)
			}
		}
	}
	if n < 300 {
		t.Fatalf("only %d articles compared", n)
	}
}

func fieldSummary(d *document.Document) map[string]string {
	out := map[string]string{}
	for _, f := range d.Fields {
		var terms []string
		for k, tf := range f.AnalyzedTokenFrequencies() {
			terms = append(terms, fmt.Sprintf("%s×%d", k, tf.Frequency()))
		}
		sort.Strings(terms)
		out[f.Name()] = fmt.Sprintf("%s %q %v len=%d", f.Options(), f.Value(), terms, f.AnalyzedLength())
	}
	return out
}

func TestPackArt(t *testing.T) {
	for _, tc := range []struct {
		label, chapter string
		number, sub    int
	}{
		{"第二十条之一", "第二章 行政处罚的种类和设定", 20, 1},
		{"第一条", "", 1, 0},
		{"", "", 0, 0},
	} {
		l, n, s, c := unpackArt(packArt(tc.label, tc.number, tc.sub, tc.chapter))
		if l != tc.label || n != tc.number || s != tc.sub || c != tc.chapter {
			t.Errorf("%+v came back as %q %d %d %q", tc, l, n, s, c)
		}
	}
}

func TestLinesTokenizer(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"id:立法法@2023-03-13\ns:current\n", []string{"id:立法法@2023-03-13", "s:current"}},
		{"a b\n\nc", []string{"a b", "c"}},
		{"", nil},
	} {
		if got := termsOf(linesTokenizer{}.Tokenize([]byte(tc.in))); !reflect.DeepEqual(got, tc.want) && len(got)+len(tc.want) > 0 {
			t.Errorf("%q: %q, want %q", tc.in, got, tc.want)
		}
	}
}

// A build of more articles than one segment holds (several workers, a
// merge) keeps every article, in corpus order, findable by its tags.
func TestBuildManySegments(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 2,500 articles")
	}
	texts := make([]string, 2500)
	for i := range texts {
		texts[i] = fmt.Sprintf("村民委员会应当公布财务收支情况，编号%d", i)
	}
	ix := buildIndex(t, mkLaw("中华人民共和国村民委员会组织法", "2018-12-29", "法律", "", texts...),
		mkLaw("某省村务公开条例", "2020-01-01", "地方性法规", "某省", "村务公开的内容包括财务收支"))
	if ix.Articles() != 2501 {
		t.Fatalf("%d articles, want 2501", ix.Articles())
	}
	// Segments merge in corpus order: article 1235 is the one numbered 1234.
	r, err := ix.Search(context.Background(), Query{Text: "编号1234", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 1 || r.Hits[0].ID != "村民委员会组织法@2018-12-29/1235" || r.Hits[0].Number != 1235 {
		t.Errorf("编号1234: hits %+v", r.Hits)
	}
	for _, tc := range []struct {
		q    Query
		want uint64
	}{
		{Query{Text: "财务收支"}, 2500}, // no province: national law only
		{Query{Text: "财务收支", AllRegions: true}, 2501},
		{Query{Text: "财务收支", Province: "某省"}, 2501},
		{Query{Text: "财务收支", Level: "地方性法规"}, 1},
		{Query{Text: "财务收支", Region: "某省"}, 1},
		{Query{Text: "财务收支", Law: "村民委员会组织法"}, 2500},
	} {
		r, err := ix.Search(context.Background(), tc.q)
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != tc.want {
			t.Errorf("%+v: %d hits, want %d", tc.q, r.Total, tc.want)
		}
	}
}

// An index written before the law table existed opens as missing, so the
// store rebuilds it instead of serving hits without law names.
func TestOpenOldFormat(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	if err := Build(dir, corpus.New(testLaws()...).Laws(), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, lawTableName)); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, corpus.New()); !errors.Is(err, ErrNoIndex) {
		t.Fatalf("Open without law table: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, lawTableName), []byte(`{"format":1,"laws":{}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, corpus.New()); !errors.Is(err, ErrNoIndex) {
		t.Fatalf("Open of format 1: %v", err)
	}
}

// TestRaiseGCRestores: builds at once raise GOGC once, the last one out
// restores it, a second call of a restore changes nothing, and GOGC=off
// or a higher setting is left alone.
func TestRaiseGCRestores(t *testing.T) {
	gcPercent := func() int { p := debug.SetGCPercent(100); debug.SetGCPercent(p); return p }
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	a, b := raiseGC(), raiseGC()
	if g := gcPercent(); g != buildGCPercent {
		t.Fatalf("GOGC %d during two builds, want %d", g, buildGCPercent)
	}
	a()
	a()
	if g := gcPercent(); g != buildGCPercent {
		t.Fatalf("GOGC %d with one build left, want %d", g, buildGCPercent)
	}
	b()
	if g := gcPercent(); g != 100 {
		t.Fatalf("GOGC %d after both builds, want 100", g)
	}
	for _, set := range []int{-1, 4 * buildGCPercent} {
		debug.SetGCPercent(set)
		r := raiseGC()
		if g := gcPercent(); g != set {
			t.Errorf("GOGC %d during a build with GOGC %d, want it left", g, set)
		}
		r()
		if g := gcPercent(); g != set {
			t.Errorf("GOGC %d after a build with GOGC %d", g, set)
		}
	}
}
