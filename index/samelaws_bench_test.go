package index

import (
	"os"
	"testing"
)

// BenchmarkSameLaws is the check of every open that the corpus is the one
// indexed (sameLaws), on the data directory $LAWREVIEW_BENCH_DATA (an
// imported whole collection: `lawreview corpus import --data D laws`) or,
// without it, a fresh one of the default corpus.
func BenchmarkSameLaws(b *testing.B) {
	data := os.Getenv("LAWREVIEW_BENCH_DATA")
	if data == "" {
		data = b.TempDir()
	}
	s := NewStore(data)
	ix, err := s.Open(nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	ix.Close()
	c, err := s.Corpus()
	if err != nil {
		b.Fatal(err)
	}
	dir, err := s.LiveDir()
	if err != nil {
		b.Fatal(err)
	}
	t, err := readLawTable(dir)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := sameLaws(t, c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(t.Laws)), "laws")
}
