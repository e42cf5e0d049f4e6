package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"lawreview/corpus"
	"lawreview/index"
	"lawreview/review"
)

// reviewMode times the whole review of drafts of growing length: the
// engine with the embedded rules, its law source the whole collection and
// Related answered by the index of the whole collection, as a data
// directory holds them after `lawreview corpus import`.
func reviewMode(corpusDir, evalDir, work string, runs int) error {
	if work == "" {
		d, err := os.MkdirTemp("", "lawreview-bench-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		work = d
	}
	imported, rep, err := corpus.Load(corpusDir)
	if err != nil {
		return err
	}
	all, err := withDefault(imported)
	if err != nil {
		return err
	}
	dir := filepath.Join(work, "all")
	if _, err := os.Stat(filepath.Join(dir, "laws.json")); err != nil {
		os.RemoveAll(dir)
		t0 := time.Now()
		if err := index.Build(dir, all.Laws(), nil); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "index built in %s\n", round(time.Since(t0)))
	}
	ix, err := index.Open(dir, all)
	if err != nil {
		return err
	}
	defer ix.Close()
	rel := &timedRelated{ix: ix}
	withIndex, err := review.New(review.Config{Laws: all, Related: rel})
	if err != nil {
		return err
	}
	rulesOnly, err := review.New(review.Config{Laws: all})
	if err != nil {
		return err
	}
	sizes := []int{5000, 10000, 20000, 50000}
	drafts := make([]string, len(sizes))
	for i, n := range sizes {
		if drafts[i], err = draftOf(evalDir, n); err != nil {
			return err
		}
	}
	// The first review after opening the index: every cache of the index
	// (document frequencies, decoded postings, rule terms) empty.
	t0 := time.Now()
	c0 := cpuTime()
	if _, err := withIndex.Review(review.Input{Text: drafts[0]}, review.Options{}); err != nil {
		return err
	}
	coldWall, coldCPU := time.Since(t0), cpuTime()-c0
	// Warm up: jieba, the document-frequency cache, the basis cache.
	for _, d := range drafts {
		if _, err := withIndex.Review(review.Input{Text: d}, review.Options{}); err != nil {
			return err
		}
	}

	fmt.Printf("## Full review benchmark %s\n\n", time.Now().Format(time.DateOnly))
	fmt.Printf("Machine: %d CPUs, Go %s, GOMAXPROCS %d; load average before the runs: %s.\n\n", runtime.NumCPU(), runtime.Version(), runtime.GOMAXPROCS(0), loadAvg())
	fmt.Printf("Laws: default corpus + %s (%s); index of %d articles. Drafts: %s/*.txt concatenated in name order and cut to length; type detected. %d runs each after one warm-up run.\n\n", corpusDir, rep.Summary(), ix.Articles(), evalDir, runs)
	fmt.Println("| draft (characters) | type | findings | Related calls | review p50 | review p95 | p50 per 1,000 chars | rules only p50 | time in Related / review | CPU per review p50 |")
	fmt.Println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for i, n := range sizes {
		if i == 0 && cpuProfile != "" {
			// the 5,000-character reviews with the index, for pprof
			stop, err := startProfile(cpuProfile)
			if err != nil {
				return err
			}
			for r := 0; r < runs; r++ {
				if _, err := withIndex.Review(review.Input{Text: drafts[i]}, review.Options{}); err != nil {
					return err
				}
			}
			stop()
		}
		var full, bare, cpu []time.Duration
		var findings int
		var typ string
		var calls int64
		var relTime time.Duration
		for r := 0; r < runs; r++ {
			rel.reset()
			t0 := time.Now()
			c0 := cpuTime()
			rp, err := withIndex.Review(review.Input{Text: drafts[i]}, review.Options{})
			if err != nil {
				return err
			}
			full = append(full, time.Since(t0))
			cpu = append(cpu, cpuTime()-c0)
			findings, typ = len(rp.Findings), rp.Type
			calls = rel.calls.Load()
			relTime += time.Duration(rel.nanos.Load())
			t0 = time.Now()
			if _, err := rulesOnly.Review(review.Input{Text: drafts[i]}, review.Options{}); err != nil {
				return err
			}
			bare = append(bare, time.Since(t0))
		}
		p50 := pctDur(full, 50)
		var sum time.Duration
		for _, d := range full {
			sum += d
		}
		fmt.Printf("| %d | %s | %d | %d | %s | %s | %.1f ms | %s | %.0f%% | %s |\n",
			n, typ, findings, calls, round(p50), round(pctDur(full, 95)),
			float64(p50)/float64(time.Millisecond)/float64(n)*1000, round(pctDur(bare, 50)),
			100*float64(relTime)/float64(sum), round(pctDur(cpu, 50)))
	}
	fmt.Println()

	// The rows above review one draft again and again, so every term of
	// it is in the index's caches after the warm-up. A server reviews new
	// drafts: each of these is another 5,000 characters of the drafts,
	// reviewed once, with the caches warm from the others only.
	others, err := otherDrafts(evalDir, 5000, runs)
	if err != nil {
		return err
	}
	var wall, cpu []time.Duration
	findings := 0
	for _, d := range others {
		t0 := time.Now()
		c0 := cpuTime()
		rp, err := withIndex.Review(review.Input{Text: d}, review.Options{})
		if err != nil {
			return err
		}
		wall = append(wall, time.Since(t0))
		cpu = append(cpu, cpuTime()-c0)
		findings += len(rp.Findings)
	}
	fmt.Printf("New drafts of 5,000 characters, %d different ones reviewed once each (%.1f findings on average): review p50 %s, p95 %s, CPU per review p50 %s. ",
		len(others), float64(findings)/float64(len(others)), round(pctDur(wall, 50)), round(pctDur(wall, 95)), round(pctDur(cpu, 50)))
	fmt.Printf("The first review after opening the index (its caches empty): %s, %s CPU.\n", round(coldWall), round(coldCPU))
	return nil
}

// otherDrafts cuts the drafts concatenated in name order into n pieces of
// size characters after the first (the draft of the rows above), wrapping
// around when they run out.
func otherDrafts(evalDir string, size, n int) ([]string, error) {
	all, err := draftOf(evalDir, size*(n+2))
	if err != nil {
		return nil, err
	}
	rs := []rune(all)
	var out []string
	for k := 1; len(out) < n; k++ {
		start := (k * size) % (len(rs) - size)
		out = append(out, string(rs[start:start+size]))
	}
	return out, nil
}

// startProfile starts a CPU profile into path; the function returned
// stops it.
func startProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// timedRelated counts the index's Related calls and the time they take.
type timedRelated struct {
	ix    *index.Index
	calls atomic.Int64
	nanos atomic.Int64
}

func (t *timedRelated) reset() { t.calls.Store(0); t.nanos.Store(0) }

func (t *timedRelated) Related(q review.RelatedQuery, n int) ([]review.Related, error) {
	t0 := time.Now()
	r, err := t.ix.Related(q, n)
	t.nanos.Add(int64(time.Since(t0)))
	t.calls.Add(1)
	return r, err
}

// draftOf concatenates the evaluation drafts in name order until n
// characters, and cuts there.
func draftOf(evalDir string, n int) (string, error) {
	files, err := filepath.Glob(filepath.Join(evalDir, "*.txt"))
	if err != nil || len(files) == 0 {
		return "", fmt.Errorf("no drafts in %s", evalDir)
	}
	sort.Strings(files)
	var sb strings.Builder
	count := 0
	for count < n {
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return "", err
			}
			sb.Write(b)
			sb.WriteString("\n")
			count += utf8.RuneCount(b) + 1
			if count >= n {
				break
			}
		}
	}
	return string([]rune(sb.String())[:n]), nil
}

func pctDur(ds []time.Duration, p int) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	i = min(max(i-1, 0), len(s)-1)
	return s[i]
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
