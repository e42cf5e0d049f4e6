package index

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	bindex "github.com/blevesearch/bleve_index_api"
)

// termReaderPostings decodes a term's postings through bleve's term
// reader, as postingsOf did before decodeSegments.
func termReaderPostings(t *testing.T, r bindex.IndexReader, term string, idf float64, st bm25Stats) *termPostings {
	t.Helper()
	tfr, err := r.TermFieldReader(context.Background(), []byte(term), fText, true, true, false)
	if err != nil {
		t.Fatal(err)
	}
	defer tfr.Close()
	p := &termPostings{nums: []uint32{}, vals: []float64{}, freqs: []uint32{}} // never coded
	var d bindex.TermFieldDoc
	for {
		got, err := tfr.Next(&d)
		if err != nil {
			t.Fatal(err)
		}
		if got == nil {
			return p
		}
		if n := got.ID.Value(); n <= math.MaxUint32 {
			p.nums = append(p.nums, uint32(n))
			p.vals = append(p.vals, bm25Term(idf, got.Freq, got.Norm, st))
			p.freqs = append(p.freqs, uint32(got.Freq))
		}
	}
}

// samePostings checks that decodeSegments gives, for each term, the
// documents, counts and scores bleve's term reader gives, to the bit.
func samePostings(t *testing.T, ix *Index, terms []string) {
	t.Helper()
	st, err := ix.bm25()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ix.reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	found := 0
	for _, term := range terms {
		idf := bm25Idf(st.docs, 100)
		got, ok, err := decodeSegments(r, term, idf, st)
		if err != nil || !ok {
			t.Fatalf("%s: decoded %v, %v", term, ok, err)
		}
		want := termReaderPostings(t, r, term, idf, st)
		if len(got.nums) == 0 {
			got.nums, got.freqs = []uint32{}, []uint32{}
		}
		if !slices.Equal(got.nums, want.nums) || !slices.Equal(got.freqs, want.freqs) || !slices.Equal(got.values(), want.vals) {
			t.Errorf("%s: %d postings decoded, the term reader's %d, or another document, count or score", term, len(got.nums), len(want.nums))
		}
		found += len(want.nums)
	}
	if found == 0 {
		t.Error("no postings compared")
	}
}

func TestDecodeSegmentsAsTermReader(t *testing.T) {
	samePostings(t, defaultIndex(t), []string{"村民委员会", "罚款", "人民政府", "的", "不存在的词", "集体", "应当"})
}

func TestDecodeSegmentsAsTermReaderWholeCollection(t *testing.T) {
	ix, _ := fullIndex(t)
	samePostings(t, ix, []string{"人民政府", "进行", "根据", "人民", "政府", "民政", "村民委员会", "罚款", "上位法", "不存在的词"})
}

// TestLawArticlesAsSearch: a law's citations read by document number are
// the ones read through the search by its tag, for every national law and
// administrative regulation of the whole collection (the laws whose
// citations a search asks for).
func TestLawArticlesAsSearch(t *testing.T) {
	ix, _ := fullIndex(t)
	defer func() { lawDirect = true }()
	ctx := context.Background()
	n := 0
	for id, m := range ix.laws {
		if m.Level != "法律" && m.Level != "行政法规" {
			continue
		}
		lawDirect = false
		want, err := ix.citesOf(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		lawDirect = true
		got, err := ix.citesOf(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, by the search %v", id, got, want)
		}
		n += len(want.byLabel)
	}
	if n < 10000 {
		t.Errorf("only %d articles compared", n)
	}
}

// TestDecodeAheadSameAnswers: decoding a question's postings on two
// goroutines answers as decoding them one by one, each question asked of
// an empty cache both ways (the judged queries on the whole collection).
func TestDecodeAheadSameAnswers(t *testing.T) {
	ix, _ := fullIndex(t)
	defer func() { decodeParallel = true }()
	ctx := context.Background()
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	for _, q := range qs {
		var answers [2]string
		for i, on := range []bool{false, true} {
			decodeParallel = on
			ix.postings = postingsCache{limit: postingsCacheBytes}
			res, err := ix.Search(ctx, Query{Text: q.Query, Province: evalProvince, Size: 10})
			if err != nil {
				t.Fatalf("%s: %v", q.Query, err)
			}
			answers[i] = fmt.Sprintf("%d %+v", res.Total, res.Hits)
		}
		if answers[0] != answers[1] {
			t.Errorf("%s: decoded ahead %s, one by one %s", q.Query, answers[1], answers[0])
		}
	}
}

// WarmPostings keeps only what searches would have decoded: every judged
// query's answer on a cold index (empty postings cache) is the answer
// after warming.
func TestWarmPostingsSameAnswers(t *testing.T) {
	ix, _ := fullIndex(t)
	ctx := context.Background()
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	answers := func() []string {
		var out []string
		for _, q := range qs {
			res, err := ix.Search(ctx, Query{Text: q.Query, Province: evalProvince, Size: 20})
			if err != nil {
				t.Fatalf("%s: %v", q.Query, err)
			}
			out = append(out, fmt.Sprintf("%d %+v", res.Total, res.Hits))
		}
		return out
	}
	ix.postings = postingsCache{limit: postingsCacheBytes}
	cold := answers()
	ix.postings = postingsCache{limit: postingsCacheBytes}
	if err := ix.WarmPostings(ctx); err != nil {
		t.Fatal(err)
	}
	if ix.postings.pinnedSize < warmPinnedBytes/2 || ix.postings.pinnedSize > warmPinnedBytes {
		t.Errorf("pinned %d bytes of postings, want nearly %d", ix.postings.pinnedSize, warmPinnedBytes)
	}
	for i, a := range answers() {
		if a != cold[i] {
			t.Errorf("%s: warmed %s, cold %s", qs[i].Query, a, cold[i])
		}
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if err := ix.WarmPostings(done); err == nil {
		t.Error("WarmPostings with its context ended: no error")
	}
}

// values are p's scores, one a posting, however kept.
func (p *termPostings) values() []float64 {
	out := make([]float64, len(p.nums))
	for i := range out {
		out[i] = p.val(i)
	}
	return out
}

// setVals keeps every score to the bit, as codes when a code can name
// each distinct score and as they are when not.
func TestSetVals(t *testing.T) {
	many := make([]float64, math.MaxUint16+2)
	for i := range many {
		many[i] = float64(i) / 7
	}
	for _, tc := range []struct {
		name  string
		vals  []float64
		coded bool
		table int
	}{
		{"none", nil, false, 0},
		{"one", []float64{1.5}, true, 1},
		{"repeated", []float64{0.25, 1.5, 0.25, 0.25, 1.5, 3}, true, 3},
		{"negative zero apart", []float64{0, math.Copysign(0, -1), 0}, true, 2},
		{"as many as codes", many[:math.MaxUint16+1], true, math.MaxUint16 + 1},
		{"one too many", many, false, 0},
	} {
		for _, arena := range []*pinArena{nil, {}} {
			p := &termPostings{nums: make([]uint32, len(tc.vals))}
			p.setVals(slices.Clone(tc.vals), arena)
			coded, table := tc.coded, tc.table
			if arena == nil {
				coded, table = false, 0 // a search's decoding keeps the scores
			}
			if got := p.codes != nil; got != coded || len(p.table) != table {
				t.Errorf("%s, pinned %v: coded %v with %d scores, want %v with %d", tc.name, arena != nil, got, len(p.table), coded, table)
			}
			for i, v := range tc.vals {
				if got := p.val(i); math.Float64bits(got) != math.Float64bits(v) {
					t.Errorf("%s: score %d is %v, want %v", tc.name, i, got, v)
				}
			}
		}
	}
}

// The compact accumulator and the coded scores give every search and
// related question the answer of the slots and the float64 scores, the
// postings warmed as a server warms them (the pinned ones are coded).
func TestCompactPostingsSameAnswers(t *testing.T) {
	ix, _ := fullIndex(t)
	defer func() { accSplit, postingsCoded = true, true }()
	ctx := context.Background()
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	clauses := clauseQueries(t)
	clauses = clauses[:min(len(clauses), 40)]
	answers := func(split, coded bool) []string {
		accSplit, postingsCoded = split, coded
		ix.postings = postingsCache{limit: postingsCacheBytes}
		if err := ix.WarmPostings(ctx); err != nil { // what is coded is what it pins
			t.Fatal(err)
		}
		pinned := 0
		for _, p := range ix.postings.pinned {
			if p.codes != nil {
				pinned++
			}
		}
		if coded && pinned < len(ix.postings.pinned)/2 || !coded && pinned > 0 {
			t.Fatalf("coded %v: %d of %d pinned postings coded", coded, pinned, len(ix.postings.pinned))
		}
		var out []string
		for _, q := range qs {
			res, err := ix.Search(ctx, Query{Text: q.Query, Province: evalProvince, Size: 20})
			if err != nil {
				t.Fatalf("%s: %v", q.Query, err)
			}
			out = append(out, fmt.Sprintf("%s: %d %+v", q.Query, res.Total, res.Hits))
		}
		for _, c := range clauses {
			rel, err := ix.Related(clauseQuery(c), 5)
			if err != nil {
				t.Fatalf("%s: %v", c, err)
			}
			out = append(out, fmt.Sprintf("%s: %+v", c, rel))
		}
		return out
	}
	want := answers(false, false)
	for _, knobs := range [][2]bool{{true, false}, {false, true}, {true, true}} {
		got := answers(knobs[0], knobs[1])
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("split %v, coded %v: %.200s\nwant %.200s", knobs[0], knobs[1], got[i], want[i])
			}
		}
	}
}
