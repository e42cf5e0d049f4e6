package index

import (
	"math"
	"slices"
	"sort"
)

// Law coherence (round 14): when several articles of one law score high,
// that law is probably the question's subject, and its other matching
// articles are what a lawyer reads next; an article that is its law's
// only match in the first candidates is more often a chance match of a
// word (遗产 in 非物质文化遗产法, 限制 in 对外贸易法). Each of the first
// coherenceWindow candidates is lifted by the scores of the best
// coherenceOthers other articles of its law among them, relative to the
// first candidate's score:
//
//	score × (1 + coherenceWeight × Σ others / first)
//
// so an article standing alone keeps its score and one whose law has
// others high is raised. The weight and window were chosen by leaving
// each judged group out in turn (docs/index-benchmarks.md, "Law search,
// round 14").
var (
	coherenceWeight = 0.0
	coherenceWindow = 30
	coherenceOthers = 2
	coherenceMode   = 0
)

// coherentOrder raises the first candidates by their law's other high
// articles (see coherenceWeight) and orders them again; ranked is ordered
// by score, and the candidates beyond the window keep their places.
func coherentOrder(ranked []candidate) {
	if coherenceWeight == 0 || len(ranked) < 2 {
		return
	}
	w := min(coherenceWindow, len(ranked))
	first := ranked[0].score
	if first <= 0 {
		return
	}
	// each law's articles in the window, best first (ranked is in score
	// order)
	byLaw := map[string][]int{}
	for i, c := range ranked[:w] {
		l := lawIDOf(c.id)
		byLaw[l] = append(byLaw[l], i)
	}
	lifted := make([]float64, w)
	for i, c := range ranked[:w] {
		others, n := 0.0, 0
		for _, j := range byLaw[lawIDOf(c.id)] {
			if j != i && n < coherenceOthers {
				others += ranked[j].score
				n++
			}
		}
		switch coherenceMode {
		case 0:
			lifted[i] = c.score * (1 + coherenceWeight*others/first)
		case 1: // saturating
			lifted[i] = c.score * (1 + coherenceWeight*min(1, others/first))
		case 2: // flat demotion of an article alone of its law in the window
			lifted[i] = c.score
			if n == 0 {
				lifted[i] = c.score * (1 - min(0.9, coherenceWeight/2))
			}
		case 3: // only the law with the most weight in the window
			lifted[i] = c.score
		}
	}
	if coherenceMode == 3 {
		best, bestMass := "", 0.0
		for l, is := range byLaw {
			m := 0.0
			for k, j := range is {
				if k <= coherenceOthers {
					m += ranked[j].score
				}
			}
			if len(is) > 1 && m > bestMass {
				best, bestMass = l, m
			}
		}
		for _, j := range byLaw[best] {
			lifted[j] = ranked[j].score * (1 + coherenceWeight)
		}
	}
	idx := make([]int, w)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return lifted[idx[a]] > lifted[idx[b]] })
	head := make([]candidate, w)
	for i, j := range idx {
		head[i] = ranked[j]
		head[i].score = lifted[j]
	}
	copy(ranked, head)
}

// Feedback from the first hits (round 14): the words the first
// feedbackDocs articles share — pairs of adjacent Chinese characters
// standing in at least two of them, each weighted by how rare it is among
// the first feedbackWindow candidates (log of the window over the
// candidates holding it) — raise the candidates that hold them:
//
//	score × (1 + feedbackWeight × share of the shared pairs' weight held)
//
// The first feedbackKeep hits keep their places: the question's words
// chose them, the pinned examples and doctrine names are judged on the
// first three, and feedback that moved them followed a wrong first hit's
// law (缔约过失 → 民用航空法). It fills the rest of the five with what the
// first hits are about instead of a lone article that shares a typed word.
// The weight, the number of articles and the window were chosen by leaving
// each judged group out in turn (docs/index-benchmarks.md, "Law search,
// round 14"); feedbackLaw (the first articles of the first hit's law only)
// was measured and lost.
var (
	feedbackWeight = 8.0
	feedbackDocs   = 3
	feedbackWindow = 30
	feedbackLaw    = false
	feedbackKeep   = 3
)

// feedbackOrder orders the first feedbackWindow of ranked (in score
// order) again by the feedback of its first articles (see feedbackWeight);
// the rest stay where they are.
func feedbackOrder(ranked []candidate) {
	if feedbackWeight == 0 || len(ranked) < 3 {
		return
	}
	w := min(feedbackWindow, len(ranked))
	pairs := make([][]uint64, w)
	df := make(map[uint64]int32, 64*w)
	for i, c := range ranked[:w] {
		pairs[i] = hanPairs(c.text)
		for _, p := range pairs[i] {
			df[p]++
		}
	}
	var fb []int
	law := lawIDOf(ranked[0].id)
	for i := range ranked[:w] {
		if len(fb) == feedbackDocs {
			break
		}
		if !feedbackLaw || lawIDOf(ranked[i].id) == law {
			fb = append(fb, i)
		}
	}
	if len(fb) < 2 {
		return
	}
	in := map[uint64]int{}
	for _, i := range fb {
		for _, p := range pairs[i] {
			in[p]++
		}
	}
	shared := map[uint64]float64{}
	total := 0.0
	for p, n := range in {
		if n < 2 {
			continue
		}
		if wt := math.Log(float64(w) / float64(df[p])); wt > 0 {
			shared[p] = wt
			total += wt
		}
	}
	if total == 0 {
		return
	}
	lifted := make([]float64, w)
	for i, c := range ranked[:w] {
		held := 0.0
		for _, p := range pairs[i] {
			held += shared[p]
		}
		lifted[i] = c.score * (1 + feedbackWeight*held/total)
	}
	from := min(feedbackKeep, w)
	idx := make([]int, w-from)
	for i := range idx {
		idx[i] = i + from
	}
	sort.SliceStable(idx, func(a, b int) bool { return lifted[idx[a]] > lifted[idx[b]] })
	head := make([]candidate, len(idx))
	for i, j := range idx {
		head[i] = ranked[j]
		head[i].score = lifted[j]
	}
	copy(ranked[from:], head)
	// the kept first hits keep their places and scores that say so
	for i := from - 1; i >= 0; i-- {
		if i+1 < len(ranked) {
			ranked[i].score = max(ranked[i].score, ranked[i+1].score)
		}
	}
}

// hanPairs are the distinct pairs of adjacent Chinese characters of s,
// each packed in one number, sorted.
func hanPairs(s string) []uint64 {
	out := make([]uint64, 0, len(s)/3)
	var prev rune = -1
	for _, r := range s {
		if !isHan(r) {
			prev = -1
			continue
		}
		if prev >= 0 {
			out = append(out, uint64(prev)<<32|uint64(r))
		}
		prev = r
	}
	slices.Sort(out)
	return slices.Compact(out)
}
