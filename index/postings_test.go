package index

import (
	"context"
	"fmt"
	"math"
	"reflect"
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
	p := &termPostings{nums: []uint32{}, vals: []float64{}, freqs: []uint32{}}
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
			got.nums, got.vals, got.freqs = []uint32{}, []float64{}, []uint32{}
		}
		if !reflect.DeepEqual(got, want) {
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
