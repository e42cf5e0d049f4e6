package precedent

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
	"time"

	"lawreview/index"
	"lawreview/review/precedent"
)

// Benchmarks of the precedent search (docs/precedents-benchmarks.md).
//
//	LAWREVIEW_BENCH_PRECEDENTS=10000  number of synthetic precedents (default 2000)
//	LAWREVIEW_BENCH_DIR=/tmp/pb       keep the built index there between runs
//	LAWREVIEW_BENCH_LAWS=<dir>        a data directory (index.Store) with the full
//	                                  corpus imported: the unified search also
//	                                  queries its law index
//
//	go test ./index/precedent -run XXX -bench . -benchtime 1x

func benchN() int {
	if n, err := strconv.Atoi(os.Getenv("LAWREVIEW_BENCH_PRECEDENTS")); err == nil && n > 0 {
		return n
	}
	return 2000
}

// benchIndex opens (building when needed) an index of n generated precedents.
func benchIndex(b *testing.B, n int) *Index {
	b.Helper()
	root := filepath.Join(b.TempDir(), "prec")
	if d := os.Getenv("LAWREVIEW_BENCH_DIR"); d != "" {
		root = filepath.Join(d, fmt.Sprintf("prec-%d", n))
	}
	ix, err := Open(root)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { ix.Close() })
	stamp := fmt.Sprintf("bench/%d", n)
	if ix.Stamp() != stamp {
		ps := generate(n, 1)
		start := time.Now()
		src := func(ctx context.Context, fn func(p *precedent.Precedent) error) error {
			for i := range ps {
				if err := fn(&ps[i]); err != nil {
					return err
				}
			}
			return nil
		}
		if _, err := ix.Rebuild(context.Background(), src, stamp); err != nil {
			b.Fatal(err)
		}
		b.Logf("built %d precedents in %s", n, time.Since(start).Round(time.Millisecond))
	}
	return ix
}

// benchQueries are what legal advisers type: words, phrases with filters,
// and pasted clauses.
var benchQueries = []Query{
	{Text: "罚款"},
	{Text: "外嫁女 收益分配"},
	{Text: "公开曝光", Verdict: precedent.Unlawful},
	{Text: "押金", DocType: "村规民约"},
	{Text: "越级上访", Township: "东湖镇"},
	{Text: "罚款", Rule: "vr-fine", Verdict: precedent.Lawful},
	{Text: "安全事故 概不负责", DocType: "合同"},
	{Text: "对乱倒垃圾的，由村委会处以200元罚款，并在村务公开栏公开曝光"},
	{Text: "出嫁女户口未迁出的，不得参与土地补偿款分配"},
	{Text: "照价赔偿", From: "2024-01-01", To: "2025-12-31"},
	{Rule: "nd-penalty"},
	{Text: "宅基地", Conclusion: "不合法"},
}

func percentile(d []time.Duration, p float64) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[min(len(s)-1, int(p*float64(len(s))))]
}

func report(b *testing.B, name string, ds []time.Duration) {
	b.ReportMetric(float64(percentile(ds, 0.50).Microseconds())/1000, name+"-p50-ms")
	b.ReportMetric(float64(percentile(ds, 0.95).Microseconds())/1000, name+"-p95-ms")
}

// BenchmarkSearch: the search page's query (with facets and highlights)
// over the precedents, and with LAWREVIEW_BENCH_LAWS also the law search
// the "all" tab runs beside it.
func BenchmarkSearch(b *testing.B) {
	n := benchN()
	ix := benchIndex(b, n)
	var laws *index.Index
	if d := os.Getenv("LAWREVIEW_BENCH_LAWS"); d != "" {
		var err error
		if laws, err = index.NewStore(d).Open(nil, nil); err != nil {
			b.Fatal(err)
		}
		defer laws.Close()
	}
	ctx := context.Background()
	// Warm up caches as a running server has them.
	for _, q := range benchQueries {
		q.Facets = true
		if _, err := ix.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
		if laws != nil && q.Text != "" {
			if _, err := laws.Search(ctx, index.Query{Text: q.Text, Size: 5}); err != nil {
				b.Fatal(err)
			}
		}
	}
	var prec, all []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for round := 0; round < 5; round++ {
			for _, q := range benchQueries {
				q.Facets = true
				start := time.Now()
				if _, err := ix.Search(ctx, q); err != nil {
					b.Fatal(err)
				}
				d := time.Since(start)
				prec = append(prec, d)
				if laws != nil && q.Text != "" {
					if _, err := laws.Search(ctx, index.Query{Text: q.Text, Size: 5}); err != nil {
						b.Fatal(err)
					}
					all = append(all, time.Since(start))
				}
			}
		}
	}
	b.StopTimer()
	report(b, "precedents", prec)
	if laws != nil {
		report(b, "laws+precedents", all)
		b.ReportMetric(float64(laws.Articles()), "law-articles")
	}
	b.ReportMetric(float64(n), "precedents")
}

// BenchmarkSimilar: the three precedents and the likely-lawful check of
// one finding, as the review page computes them.
func BenchmarkSimilar(b *testing.B) {
	ix := benchIndex(b, benchN())
	ctx := context.Background()
	clauses := []string{"对偷盗集体财物的，由村委会处以500元罚款", "外嫁女及其子女户口虽未迁出，不再享受本村集体经济组织收益分配",
		"并在村务公开栏公开曝光", "村民不得越级上访，违者取消当年集体收益分配资格"}
	for _, c := range clauses {
		if _, _, err := ix.Similar(ctx, c, "vr-fine", false); err != nil {
			b.Fatal(err)
		}
	}
	var ds []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for r := 0; r < 5; r++ {
			for _, c := range clauses {
				start := time.Now()
				if _, _, err := ix.Similar(ctx, c, "vr-fine", false); err != nil {
					b.Fatal(err)
				}
				ds = append(ds, time.Since(start))
			}
		}
	}
	b.StopTimer()
	report(b, "similar", ds)
}

// BenchmarkSignoff: the incremental indexing a sign-off does (replace the
// five precedents of one review), on an index of LAWREVIEW_BENCH_PRECEDENTS.
func BenchmarkSignoff(b *testing.B) {
	n := benchN()
	ix := benchIndex(b, n)
	ctx := context.Background()
	fresh := generate(5*(b.N+1), 99)
	var ds []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ps := fresh[5*i : 5*i+5]
		reviewID := int64(10_000_000 + i)
		for j := range ps {
			ps[j].ReviewID = reviewID
			ps[j].ID = precedent.LocalID(reviewID, int64(j+1))
		}
		start := time.Now()
		if err := ix.SetReview(ctx, reviewID, ps); err != nil {
			b.Fatal(err)
		}
		ds = append(ds, time.Since(start))
	}
	b.StopTimer()
	report(b, "signoff", ds)
	// Leave the cached index as it was built.
	for i := 0; i < b.N; i++ {
		_ = ix.SetReview(ctx, int64(10_000_000+i), nil)
	}
}
