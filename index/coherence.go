package index

import (
	"math"
	"slices"
	"sort"
	"unicode/utf8"
)

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
// the first feedbackKeep and the rest after the window stay where they are.
func feedbackOrder(ranked []candidate) {
	w := min(feedbackWindow, len(ranked))
	keep := min(feedbackKeep, w)
	if feedbackWeight == 0 || w-keep < 2 {
		return
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
	// the pairs standing in at least two of the first articles, sorted;
	// only these are looked for in the window, through a bit table of
	// their hashes that most pairs miss (cutting every candidate into
	// pairs, or a map lookup for each, cost a search several per cent)
	var all []uint64
	for _, i := range fb {
		all = append(all, hanPairs(ranked[i].text)...)
	}
	slices.Sort(all)
	var shared []uint64
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j] == all[i] {
			j++
		}
		if j-i >= 2 {
			shared = append(shared, all[i])
		}
		i = j
	}
	if len(shared) == 0 {
		return
	}
	var bits [1 << 10]uint64
	for _, p := range shared {
		h := pairHash(p)
		bits[h>>6] |= 1 << (h & 63)
	}
	// which shared pairs each candidate holds (held[from[i]:from[i+1]]),
	// and how many hold each
	held := make([]int, 0, 4*w)
	from := make([]int, w+1)
	df := make([]int, len(shared))
	seen := make([]int, len(shared)) // the last candidate (+1) seen holding a pair
	for i, c := range ranked[:w] {
		from[i] = len(held)
		var prev uint64 // the last Chinese character (its three bytes), 0 after any other
		text := c.text
		for j := 0; j < len(text); {
			r, size := hanAt(text, j)
			j += size
			if r == 0 {
				prev = 0
				continue
			}
			if prev != 0 {
				p := prev<<24 | r
				if h := pairHash(p); bits[h>>6]&(1<<(h&63)) != 0 {
					if k, ok := slices.BinarySearch(shared, p); ok && seen[k] != i+1 {
						seen[k] = i + 1
						df[k]++
						held = append(held, k)
					}
				}
			}
			prev = r
		}
	}
	from[w] = len(held)
	weight := make([]float64, len(shared))
	total := 0.0
	for k, n := range df {
		if wt := math.Log(float64(w) / float64(n)); wt > 0 {
			weight[k] = wt
			total += wt
		}
	}
	if total == 0 {
		return
	}
	type lift struct {
		c candidate
		s float64
	}
	// an article holding every word of the question as typed keeps its
	// place (the first hits may be about an added word: 保证金 for 押金,
	// where 集市开办者不得向摊主收取摊位押金 answers as written); the others
	// are ordered by their lifted scores into the places left
	head := make([]lift, 0, w-keep)
	fixed := make([]bool, w)
	for i, c := range ranked[keep:w] {
		if c.ranked && c.parts.typed {
			fixed[keep+i] = true
			continue
		}
		sum := 0.0
		for _, k := range held[from[keep+i]:from[keep+i+1]] {
			sum += weight[k]
		}
		head = append(head, lift{c, c.score * (1 + feedbackWeight*sum/total)})
	}
	sort.SliceStable(head, func(a, b int) bool { return head[a].s > head[b].s })
	next := 0
	for i := keep; i < w; i++ {
		if fixed[i] {
			continue
		}
		ranked[i] = head[next].c
		ranked[i].score = head[next].s
		next++
	}
	// scores that say the order (the kept articles' at least the next one's)
	for i := w - 2; i >= 0; i-- {
		ranked[i].score = max(ranked[i].score, ranked[i+1].score)
	}
}

// hanPairs are the distinct pairs of adjacent Chinese characters of s,
// each packed in one number (the UTF-8 bytes of the two), sorted.
func hanPairs(s string) []uint64 {
	out := make([]uint64, 0, len(s)/3)
	var prev uint64
	for j := 0; j < len(s); {
		r, size := hanAt(s, j)
		j += size
		if r != 0 && prev != 0 {
			out = append(out, prev<<24|r)
		}
		prev = r
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// hanAt reads the character at s[i]: its three UTF-8 bytes as a number
// when it is a Chinese character (U+4E00–U+9FFF, isHan), else 0; and its
// size in bytes. The window's texts are read byte by byte: decoding them
// was most of the feedback's cost.
func hanAt(s string, i int) (uint64, int) {
	c := s[i]
	if c >= 0xE4 && c <= 0xE9 && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 && (c != 0xE4 || s[i+1] >= 0xB8) {
		return uint64(c)<<16 | uint64(s[i+1])<<8 | uint64(s[i+2]), 3
	}
	if c < 0x80 {
		return 0, 1
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return 0, size
}

// pairHash is a pair's place in feedbackOrder's bit table (16 bits).
func pairHash(p uint64) uint32 {
	return uint32((p*0x9E3779B97F4A7C15)>>48) & 0xFFFF
}
