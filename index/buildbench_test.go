package index

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	bindex "github.com/blevesearch/bleve_index_api"
	segapi "github.com/blevesearch/scorch_segment_api/v2"

	"lawreview/corpus"
)

var (
	benchRefsOnce sync.Once
	benchRefs     []artRef
)

// buildBenchRefs is the first eight segments' worth of national articles
// of the real collection, in corpus order (skips without it).
func buildBenchRefs(b *testing.B) []artRef {
	root := fullCorpusDir()
	if _, err := os.Stat(root); root == "" || err != nil {
		b.Skipf("full corpus not found at %s", root)
	}
	benchRefsOnce.Do(func() {
		imported, _, err := corpus.Load(root)
		if err != nil {
			b.Fatal(err)
		}
		for _, l := range imported.Laws() {
			if l.Region != "" {
				continue
			}
			for i := range l.Articles {
				if len(benchRefs) < 8*segmentDocs {
					benchRefs = append(benchRefs, artRef{l, i})
				}
			}
		}
	})
	return benchRefs
}

// BenchmarkBuildParts times the build's three parts on one goroutine, in
// CPU time (cpu-ns/op, which the shared machine's load moves less than
// wall time), over 16,384 national articles: "analyse" is articleDocs
// (jieba included), "new/N" zap's segments of N articles written to
// files, "merge/N" the one merge of those segments.
func BenchmarkBuildParts(b *testing.B) {
	refs := buildBenchRefs(b)
	full, err := Analyzer()
	if err != nil {
		b.Fatal(err)
	}
	an, err := newIndexAnalyzer(full)
	if err != nil {
		b.Fatal(err)
	}
	analyse := func(size int) [][]bindex.Document {
		db := newDocBuilder(an.fork())
		var runs [][]bindex.Document
		for k := 0; k < len(refs); k += size {
			var docs []bindex.Document
			run := refs[k:min(k+size, len(refs))]
			for j := 0; j < len(run); j += progressEvery {
				docs = db.articleDocs(docs, run[j:min(j+progressEvery, len(run))])
			}
			runs = append(runs, docs)
		}
		return runs
	}
	write := func(dir string, runs [][]bindex.Document) []string {
		var paths []string
		for k, docs := range runs {
			p := filepath.Join(dir, fmt.Sprintf("%06d.zap", k))
			if err := writeSegment(docs, p); err != nil {
				b.Fatal(err)
			}
			paths = append(paths, p)
		}
		return paths
	}
	cpuPerOp := func(b *testing.B, f func()) {
		c0 := processCPU()
		for b.Loop() {
			f()
		}
		b.ReportMetric(float64(processCPU()-c0)/float64(b.N), "cpu-ns/op")
	}
	b.Run("analyse", func(b *testing.B) { cpuPerOp(b, func() { analyse(segmentDocs) }) })
	// Segments of other sizes than the build's, to weigh zap's cost per
	// segment against the merge's per segment merged.
	for _, size := range []int{segmentDocs / 2, segmentDocs, 2 * segmentDocs} {
		runs := analyse(size)
		b.Run(fmt.Sprintf("new/%d", size), func(b *testing.B) {
			dir := b.TempDir()
			cpuPerOp(b, func() { write(dir, runs) })
		})
		b.Run(fmt.Sprintf("merge/%d", size), func(b *testing.B) {
			paths := write(b.TempDir(), runs)
			var segs []segapi.Segment
			for _, p := range paths {
				s, err := segPlugin.Open(p)
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				segs = append(segs, s)
			}
			out := filepath.Join(b.TempDir(), "merged.zap")
			cpuPerOp(b, func() {
				if _, _, err := segPlugin.Merge(segs, make([]*roaring.Bitmap, len(segs)), out, nil, nil); err != nil {
					b.Fatal(err)
				}
			})
		})
	}
}
