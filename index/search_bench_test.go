package index

import (
	"context"
	"slices"
	"testing"
)

// BenchmarkSearch times a search of the judged adviser queries
// (testdata/search/queries.yaml) on the whole corpus, as TestEvalSearch runs
// them (an office in 浙江, five hits), one query per
// iteration in turn: the figure issue 12 asks to keep, comparable across
// rankings with benchstat (the learned order is off since round 13b) (go test ./index -run '^$' -bench Search -count 5).
// It skips without the whole corpus, like make eval.
func BenchmarkSearch(b *testing.B) {
	ix, _ := fullIndex(b)
	qs := loadJudged[judgedQuery](b, "queries.yaml", 60)
	ctx := context.Background()
	for _, q := range qs { // warm: the law table, the caches of citations
		if _, err := ix.Search(ctx, Query{Text: q.Query, Province: evalProvince, Size: 5}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		q := qs[i%len(qs)]
		if _, err := ix.Search(ctx, Query{Text: q.Query, Province: evalProvince, Size: 5}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLearnedOrder times the learned order alone (features and
// score of the first 50 candidates, learn.go) over the judged queries'
// candidate lists, one query per iteration in turn: its share of
// BenchmarkSearch is what the learned ranking costs a search, a ratio the
// machine's load moves less than either figure.
func BenchmarkLearnedOrder(b *testing.B) {
	ix, _ := fullIndex(b)
	qs := loadJudged[judgedQuery](b, "queries.yaml", 60)
	type list struct {
		ranked []candidate
		rk     *ranker
	}
	var lists []list
	searchTrace = func(ranked []candidate, rk *ranker) {
		lists = append(lists, list{slices.Clone(ranked), rk})
	}
	defer func() { searchTrace = nil }()
	for _, q := range qs {
		if _, err := ix.Search(context.Background(), Query{Text: q.Query, Province: evalProvince, Size: 5}); err != nil {
			b.Fatal(err)
		}
	}
	// the order is off by default since round 13b; timed as it would run
	old := learnedRank
	learnedRank = true
	defer func() { learnedRank = old }()
	b.ReportAllocs()
	work := make([]candidate, 0, 4096)
	for i := 0; b.Loop(); i++ {
		l := lists[i%len(lists)]
		work = append(work[:0], l.ranked...)
		ix.learnedOrder(work, l.rk)
	}
}
