package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// clauseQueries are the clauses a clerk pastes into the search box, as
// web/bench draws them (the sentences of testdata/eval's drafts of 8 to
// 60 characters), then index/testdata/queries.txt.
func clauseQueries(tb testing.TB) []string {
	files, err := filepath.Glob("../testdata/eval/*.txt")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no drafts in ../testdata/eval: %v", err)
	}
	sort.Strings(files)
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, s := range strings.FieldsFunc(string(b), func(r rune) bool { return strings.ContainsRune("。；！？\n", r) }) {
			s = strings.TrimSpace(s)
			if n := utf8.RuneCountInString(s); n >= 8 && n <= 60 {
				out = append(out, s)
			}
		}
	}
	b, err := os.ReadFile("testdata/queries.txt")
	if err != nil {
		tb.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// BenchmarkClauseSearch searches the whole collection for the clauses, one
// a search, as the server does (20 hits, the office's province unset). It
// reports the process's CPU time per search too (cpu-ns/op: the search's
// own goroutines, those decoding postings ahead and the collector's),
// which the shared machine's load moves far less than ns/op.
func BenchmarkClauseSearch(b *testing.B) { benchClauseSearch(b, nil) }

// BenchmarkClauseSearchNovel is BenchmarkClauseSearch as the server meets
// clauses: each one new. BenchmarkClauseSearch cycles through the same 200
// clauses, so from the second pass on their postings and stored documents
// are cached and it measures warm searches. Here the caches are emptied
// before each pass and warmed as the server warms them after it starts
// (WarmPostings), outside the measured time, so every search reads what a
// clerk's new sentence would on a server that has finished its warm-up
// (stage 14 of docs/performance.md: each clause once in a fresh process,
// without the warm-up, cost about twice the CPU of a repeated one).
func BenchmarkClauseSearchNovel(b *testing.B) {
	benchClauseSearch(b, func(ix *Index) error {
		ix.postings = postingsCache{limit: postingsCacheBytes}
		ix.stored = storedCache{}
		return ix.WarmPostings(context.Background())
	})
}

// benchClauseSearch searches for the clauses in turn, b.N searches in
// all; before each pass through them it runs eachPass (when not nil)
// outside the measured time and CPU.
func benchClauseSearch(b *testing.B, eachPass func(*Index) error) {
	ix, _ := fullIndex(b)
	qs := clauseQueries(b)
	ctx := context.Background()
	var unmeasured time.Duration // eachPass's CPU
	b.ResetTimer()
	cpu0 := processCPU()
	for i := range b.N {
		if eachPass != nil && i%len(qs) == 0 {
			b.StopTimer()
			s0 := processCPU()
			if err := eachPass(ix); err != nil {
				b.Fatal(err)
			}
			unmeasured += processCPU() - s0
			b.StartTimer()
		}
		if _, err := ix.Search(ctx, Query{Text: qs[i%len(qs)], Size: 20}); err != nil {
			b.Fatal(err)
		}
	}
	if cpu := processCPU() - cpu0 - unmeasured; cpu > 0 {
		b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
	}
}

// TestClauseSearchDump writes the answer to every clause, with and without
// an office's province, as JSON lines to $LAWREVIEW_SEARCH_DUMP (skipped
// when unset): two binaries' files compared with cmp show whether a change
// kept every answer (docs/performance.md, stage 12). With
// LAWREVIEW_SEARCH_DUMP_WARM set, the postings are warmed first, as a
// server warms them: what the warm-up pins is kept otherwise (stage 23).
func TestClauseSearchDump(t *testing.T) {
	out := os.Getenv("LAWREVIEW_SEARCH_DUMP")
	if out == "" {
		t.Skip("LAWREVIEW_SEARCH_DUMP not set")
	}
	ix, _ := fullIndex(t)
	if os.Getenv("LAWREVIEW_SEARCH_DUMP_WARM") != "" {
		if err := ix.WarmPostings(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for _, province := range []string{"", "浙江"} {
		for _, q := range clauseQueries(t) {
			r, err := ix.Search(context.Background(), Query{Text: q, Province: province, Size: 20})
			if err != nil {
				fmt.Fprintf(f, "%q: %v\n", q, err)
				continue
			}
			r.Took = 0
			if err := enc.Encode(r); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// FuzzTextWindows: the windows of a snippet step over characters as utf8
// decodes them, whatever the bytes.
func FuzzTextWindows(f *testing.F) {
	for _, s := range []string{"乡、民族乡、镇的人民政府\n行使下列职权", "a\xe4\xb8", "\xed\xa0\x80中", "\xef\xbf\xbd\xe0\xa0\x80x", ""} {
		f.Add(s, 3, 5)
	}
	f.Fuzz(func(t *testing.T, text string, at, n int) {
		if len(text) == 0 {
			return
		}
		at, n = min(max(at, 0), len(text)), min(max(n, 0), 200)
		wantCut := at
		for k := n; k > 0 && wantCut < len(text); k-- {
			_, w := utf8.DecodeRuneInString(text[wantCut:])
			wantCut += w
		}
		if got := cutAt(text, at, n); got != wantCut {
			t.Errorf("cutAt(%q, %d, %d) = %d, want %d", text, at, n, got, wantCut)
		}
		wantBack := at
		for k := n; k > 0 && wantBack > 0; k-- {
			_, w := utf8.DecodeLastRuneInString(text[:wantBack])
			if text[wantBack-w:wantBack] == "\n" {
				break
			}
			wantBack -= w
		}
		if got := backRunes(text, at, n); got != wantBack {
			t.Errorf("backRunes(%q, %d, %d) = %d, want %d", text, at, n, got, wantBack)
		}
	})
}
