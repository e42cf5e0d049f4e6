package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	bindex "github.com/blevesearch/bleve_index_api"

	"lawreview/corpus/segment"
)

// topTerms gives the candidates, totals and scores bleve's own disjunction
// gives, for single terms, words the index does not hold (searched by
// their parts), boosts, a minimum of matched terms and left-out laws.
func TestTopTermsMatchesBleve(t *testing.T) {
	ix := defaultIndex(t)
	// the second asking of each case is answered from the postings
	// cache, and must not differ in a bit
	seg, err := segment.Shared()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cases := []struct {
		words    []string
		minMatch int
		drop     func(*lawMeta) bool
	}{
		{[]string{"村规民约", "罚款"}, 1, nil},
		{[]string{"外嫁女", "土地承包"}, 1, nil},
		{[]string{"村民委员会", "妇女", "承包地", "收回", "结婚"}, 2, nil},
		{[]string{"物业费", "供水", "催告", "迫使"}, 1, func(m *lawMeta) bool { return m.Level == "地方性法规" }},
		{[]string{"行政处罚", "设定", "规章", "规范性文件"}, 2, func(m *lawMeta) bool { return m.Status != "current" }},
	}
	for _, tc := range cases {
		var terms []wterm
		for i, w := range tc.words {
			ts, err := ix.wordTerms(seg, w, termOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for _, term := range ts {
				term.boost *= 1 - 0.1*float64(i) // unequal weights
				terms = append(terms, term)
			}
		}
		d, err := ix.weightedTerms(terms)
		if err != nil {
			t.Fatal(err)
		}
		d.SetMin(float64(tc.minMatch))
		bq := bleve.NewBooleanQuery()
		bq.AddShould(d)
		q, err := ix.scoped(bq, "test: "+tc.words[0], tc.drop)
		if err != nil {
			t.Fatal(err)
		}
		want, wantTotal, err := ix.candidates(ctx, q, 1000, false)
		if err != nil {
			t.Fatal(err)
		}
		got, gotTotal, err := ix.topTerms(ctx, terms, tc.minMatch, 1000, "test: "+tc.words[0], tc.drop, 0)
		if err != nil {
			t.Fatal(err)
		}
		again, againTotal, err := ix.topTerms(ctx, terms, tc.minMatch, 1000, "test: "+tc.words[0], tc.drop, 0)
		if err != nil {
			t.Fatal(err)
		}
		if againTotal != gotTotal || !slices.EqualFunc(again, got, func(a, b candidate) bool { return a.id == b.id && a.num == b.num && a.score == b.score }) {
			t.Errorf("%v: from the postings cache %d of %d matches, %v; decoded %d of %d, %v", tc.words, len(again), againTotal, again, len(got), gotTotal, got)
		}
		if gotTotal != wantTotal || len(got) != len(want) || len(want) == 0 {
			t.Errorf("%v: %d of %d matches, bleve %d of %d", tc.words, len(got), gotTotal, len(want), wantTotal)
			continue
		}
		score := map[string]float64{}
		for _, c := range got {
			score[c.id] = c.score
		}
		for _, c := range want {
			s, ok := score[c.id]
			if !ok || math.Abs(s-c.score) > 1e-9*c.score {
				t.Errorf("%v: %s scored %g, bleve %g", tc.words, c.id, s, c.score)
			}
		}
	}
}

// The postings cache keeps the terms used last, within its bytes, and
// never one that would take more than an eighth of them.
func TestPostingsCacheEvictsLeastRecent(t *testing.T) {
	mk := func(n int) *termPostings {
		return &termPostings{nums: make([]uint32, n), vals: make([]float64, n)}
	}
	c := postingsCache{limit: 8 * mk(100).bytes()}
	for i := 0; i < 8; i++ {
		c.put(fmt.Sprint(i), mk(100))
	}
	if c.get("0") == nil { // 0 is now the most recent
		t.Fatal("0 evicted before the cache was full")
	}
	c.put("8", mk(100))
	if c.get("1") != nil || c.get("0") == nil || c.get("8") == nil {
		t.Errorf("after one more: 1 kept %v, 0 kept %v, 8 kept %v; want the least recent (1) out", c.get("1") != nil, c.get("0") != nil, c.get("8") != nil)
	}
	if c.size > c.limit {
		t.Errorf("%d bytes held, limit %d", c.size, c.limit)
	}
	c.put("big", mk(200))
	if c.get("big") != nil {
		t.Error("a term of a quarter of the cache was kept")
	}
}

func TestTopN(t *testing.T) {
	var best topN
	best.size = 3
	for i, s := range []float64{1, 5, 3, 5, 2, 4, 0} {
		best.offer(scored{num: uint64(i), score: s})
	}
	got := best.sorted()
	want := []scored{{1, 5}, {3, 5}, {5, 4}}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

// Searches and related-articles questions share the index's document-law
// table, the scope masks and the pooled score arrays: many at once give
// what one at a time gives.
func TestConcurrentSearchAndRelated(t *testing.T) {
	ix := defaultIndex(t)
	texts := []string{"村规民约 罚款", "外嫁女 土地承包", "租期 二十年", "宅基地", "妇女 权益"}
	want := map[string]string{}
	for _, s := range texts {
		r, err := ix.Search(context.Background(), Query{Text: s, Province: "浙江", Size: 5})
		if err != nil {
			t.Fatal(err)
		}
		rel, err := ix.Related(clauseQuery(s), 3)
		if err != nil {
			t.Fatal(err)
		}
		want[s] = fmt.Sprint(hitIDs(r.Hits), rel)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				s := texts[(g+i)%len(texts)]
				r, err := ix.Search(context.Background(), Query{Text: s, Province: "浙江", Size: 5})
				if err != nil {
					errs <- err
					return
				}
				rel, err := ix.Related(clauseQuery(s), 3)
				if err != nil {
					errs <- err
					return
				}
				if got := fmt.Sprint(hitIDs(r.Hits), rel); got != want[s] {
					errs <- fmt.Errorf("%s: concurrent answer %s, alone %s", s, got, want[s])
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func hitIDs(hs []Hit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.ID
	}
	return out
}

// A search's postings, scored with its mean length from bleve's scores of
// the same postings, are what scoring the decoded postings with that mean
// gives, and leave bleve's own scores as they were.
func TestPostingsRescored(t *testing.T) {
	ctx := context.Background()
	ix := buildIndex(t, mkLaw("某某村务条例", "2020-01-01", "行政法规", "",
		"村民委员会实行村务公开制度。",
		"村民委员会应当及时公布下列事项，接受村民的监督：本村享受误工补贴的人员及补贴标准；本村集体经济所得收益的使用；村民委员会协助人民政府开展工作的情况。村民委员会应当保证所公布事项的真实性。",
		"村务公开的事项应当真实，村民有权查询。"))
	st, err := ix.bm25()
	if err != nil {
		t.Fatal(err)
	}
	searchSt := st
	searchSt.avgLen = searchAvgTerms
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	const term = "村民委员会"
	idf := bm25Idf(st.docs, 2)
	got, err := ix.postingsOf(ctx, r, term, idf, searchSt)
	if err != nil {
		t.Fatal(err)
	}
	tfr, err := r.TermFieldReader(ctx, []byte(term), fText, true, true, false)
	if err != nil {
		t.Fatal(err)
	}
	defer tfr.Close()
	var want, bleves []float64
	var d bindex.TermFieldDoc
	for {
		p, err := tfr.Next(&d)
		if err != nil {
			t.Fatal(err)
		}
		if p == nil {
			break
		}
		want = append(want, bm25Term(idf, p.Freq, p.Norm, searchSt))
		bleves = append(bleves, bm25Term(idf, p.Freq, p.Norm, st))
	}
	if len(want) != 2 || len(got.vals) != len(want) {
		t.Fatalf("postings %v, want %v", got.vals, want)
	}
	for i := range want {
		if math.Abs(got.vals[i]-want[i]) > 1e-12*want[i] || got.vals[i] <= bleves[i] {
			t.Errorf("article %d: rescored %v, decoded with the search's mean %v, bleve's %v", i, got.vals[i], want[i], bleves[i])
		}
	}
	b, err := ix.postingsOf(ctx, r, term, idf, st)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.vals, bleves) {
		t.Errorf("bleve's scores %v, want %v", b.vals, bleves)
	}
}
