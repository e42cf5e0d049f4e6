package index

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// The postings answer how often a term stands in an article exactly as
// re-analysing the article's text does: rank and fragments rely on it.
func TestTermFreqsMatchAnalysis(t *testing.T) {
	ix := defaultIndex(t)
	terms := []string{"村民委员会", "罚款", "村规民约", "土地", "承包", "妇女", "不得", "村民"}
	q := conjunction([]string{"村民"})
	cands, _, err := ix.candidates(context.Background(), q, 200, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(cands) < 10 {
		t.Fatalf("%d candidates, want a sample of at least 10", len(cands))
	}
	check := func(from string) {
		got, err := ix.termFreqs(context.Background(), cands, terms)
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range cands {
			counts := map[string]int{}
			for _, tk := range ix.an.Analyze([]byte(c.text)) {
				counts[string(tk.Term)]++
			}
			for j, term := range terms {
				if got[i][j] != counts[term] {
					t.Errorf("%s %q: %s %d, analysis %d", c.id, term, from, got[i][j], counts[term])
				}
			}
		}
	}
	check("postings")
	// the same from the postings cache, once a search has filled it
	st, err := ix.bm25()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	dfs, err := ix.docFreqs(terms)
	if err != nil {
		t.Fatal(err)
	}
	for i, term := range terms {
		if _, err := ix.postingsOf(context.Background(), r, term, bm25Idf(st.docs, uint64(dfs[i])), st); err != nil {
			t.Fatal(err)
		}
		if ix.postings.get(term) == nil {
			t.Fatalf("%q not kept in the postings cache", term)
		}
	}
	check("postings cache")
}

// Documents of left-out laws never come out of a scoped query, and the
// others all do.
func TestScopedQueryDropsLaws(t *testing.T) {
	ix := defaultIndex(t)
	q := conjunction([]string{"村民"})
	all, _, err := ix.candidates(context.Background(), q, 1000, false)
	if err != nil {
		t.Fatal(err)
	}
	drop := func(m *lawMeta) bool { return strings.Contains(m.Name, "村民委员会组织法") }
	sq, err := ix.scoped(q, "test: no 村民委员会组织法", drop)
	if err != nil {
		t.Fatal(err)
	}
	kept, total, err := ix.candidates(context.Background(), sq, 1000, false)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, c := range all {
		if m := ix.laws[lawIDOf(c.id)]; m == nil || !drop(m) {
			want = append(want, c.id)
		}
	}
	var got []string
	for _, c := range kept {
		got = append(got, c.id)
	}
	slices.Sort(want)
	slices.Sort(got)
	if len(want) == len(all) {
		t.Fatal("the sample holds no article of the dropped law")
	}
	if !slices.Equal(got, want) || int(total) != len(want) {
		t.Errorf("scoped query: %d hits (total %d), want %d", len(got), total, len(want))
	}
}

// Marking terms by their counts from the postings gives the fragments that
// re-analysing the text gives.
func TestFragmentsFromCountsMatchAnalysis(t *testing.T) {
	ix := defaultIndex(t)
	terms := []string{"租期", "租赁", "期限", "二十年", "承包", "妇女", "结婚", "村民", "村民委员会", "罚款"}
	mark := map[string]bool{}
	for _, term := range terms {
		mark[term] = true
	}
	cands, _, err := ix.candidates(context.Background(), termsQuery(terms, 1), 300, true)
	if err != nil {
		t.Fatal(err)
	}
	tfs, err := ix.termFreqs(context.Background(), cands, terms)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range cands {
		freq := map[string]int{}
		for j, term := range terms {
			freq[term] = tfs[i][j]
		}
		got := fragments(ix.an, c.text, mark, freq, nil)
		want := fragments(ix.an, c.text, mark, nil, nil)
		if !slices.Equal(got, want) {
			t.Errorf("%s:\n got %q\nwant %q", c.id, got, want)
		}
	}
}

func FuzzFoldLower(f *testing.F) {
	for _, s := range []string{"村民委员会，ＡＢｃ　２５年（一）", "Ǆ ǅ İ", "\xe6", "", "abc", "第２０条；"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := foldLower(s), strings.ToLower(foldWidth(s)); got != want {
			t.Fatalf("foldLower(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestPrepareBuildsTheDocumentLawTable(t *testing.T) {
	ix := defaultIndex(t)
	if err := ix.Prepare(); err != nil {
		t.Fatal(err)
	}
	if ix.docLaw == nil || len(ix.docLaw.law) == 0 || ix.bm25Stat.docs == 0 {
		t.Fatalf("after Prepare: table %v, statistics %+v", ix.docLaw != nil, ix.bm25Stat)
	}
}
