// Package ahocorasick finds which of a fixed set of strings occur in a
// text, in one pass over its bytes: the rules' prefilter (review) and the
// precedent finder's concepts (review/precedent) ask it which of their
// anchors a sentence or an article contains.
package ahocorasick

import (
	"cmp"
	"slices"
	"strings"
)

// Matcher finds which of a fixed set of strings occur in a text, in one
// pass over its bytes (Aho–Corasick). The rule prefilter (review/prefilter.go)
// needs every pattern present, overlapping ones included (罚款 inside
// 处以罚款), as a set: libraries either report non-overlapping matches
// only or bring an API for much more than this, and the automaton over a
// few thousand short strings is a page of code.
type Matcher struct {
	// The transitions of state s are edges[first[s]:first[s+1]], sorted
	// by byte: one array for the whole trie, not a slice per state.
	first []int32
	edges []edge
	root  [256]int32 // the root's transitions, complete (the hot state)
	fail  []int32
	out   []int32 // pattern ending at this state, -1 if none
	dict  []int32 // nearest state down the failure chain with out >= 0, -1 if none
}

type edge struct {
	b  byte
	to int32
}

func (m *Matcher) child(s int32, b byte) int32 {
	es := m.edges[m.first[s]:m.first[s+1]]
	lo, hi := 0, len(es)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if es[h].b < b {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < len(es) && es[lo].b == b {
		return es[lo].to
	}
	return -1
}

// New builds the automaton of patterns; pattern i is reported
// as i. Empty patterns are never reported.
//
// The patterns are inserted in byte order, so a state's children are
// made in byte order and a pattern's next state, when it exists, is the
// state's newest child: the trie is built as a list of edges, with no
// searching and no sorting, and then laid out by state. The rules'
// prefilter builds one of ~10,000 anchors in every cold review.
func New(patterns []string) *Matcher {
	order := make([]int32, len(patterns))
	for i := range order {
		order[i] = int32(i)
	}
	// Equal patterns in index order, so the last is reported.
	slices.SortFunc(order, func(a, b int32) int {
		return cmp.Or(strings.Compare(patterns[a], patterns[b]), cmp.Compare(a, b))
	})
	// State k > 0 is made by edge k-1: parent[k-1] --by[k-1]--> k.
	var parent []int32
	var by []byte
	newest := []int32{-1} // per state, its newest child
	out := []int32{-1}
	for _, id := range order {
		p := patterns[id]
		s := int32(0)
		for i := 0; i < len(p); i++ {
			c := newest[s]
			if c < 0 || by[c-1] != p[i] {
				c = int32(len(out))
				parent, by = append(parent, s), append(by, p[i])
				newest[s] = c
				newest, out = append(newest, -1), append(out, -1)
			}
			s = c
		}
		if s != 0 {
			out[s] = id
		}
	}
	n := len(out)
	m := &Matcher{first: make([]int32, n+1), edges: make([]edge, len(parent)), out: out}
	for _, s := range parent {
		m.first[s+1]++
	}
	for s := range n {
		m.first[s+1] += m.first[s]
	}
	fill := append([]int32(nil), m.first[:n]...)
	for e, s := range parent { // in order of making, so by byte within a state
		m.edges[fill[s]] = edge{by[e], int32(e + 1)}
		fill[s]++
	}
	m.fail = make([]int32, n)
	m.dict = make([]int32, n)
	m.dict[0] = -1
	// Breadth first: a state's failure link is known before its children's.
	queue := make([]int32, 0, n)
	for _, e := range m.edges[m.first[0]:m.first[1]] {
		m.fail[e.to], m.dict[e.to] = 0, -1
		queue = append(queue, e.to)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range m.edges[m.first[s]:m.first[s+1]] {
			f := m.fail[s]
			for f != 0 && m.child(f, e.b) < 0 {
				f = m.fail[f]
			}
			if c := m.child(f, e.b); c >= 0 && c != e.to {
				f = c
			} else {
				f = 0
			}
			m.fail[e.to] = f
			if m.out[f] >= 0 {
				m.dict[e.to] = f
			} else {
				m.dict[e.to] = m.dict[f]
			}
			queue = append(queue, e.to)
		}
	}
	for b := range 256 {
		if c := m.child(0, byte(b)); c >= 0 {
			m.root[b] = c
		}
	}
	return m
}

// Scan calls found with every pattern that occurs in text (a pattern
// occurring several times may be reported several times).
func (m *Matcher) Scan(text string, found func(id int32)) {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		b := text[i]
		for {
			if s == 0 {
				s = m.root[b]
				break
			}
			if c := m.child(s, b); c >= 0 {
				s = c
				break
			}
			s = m.fail[s]
		}
		if m.out[s] >= 0 {
			found(m.out[s])
		}
		for d := m.dict[s]; d >= 0; d = m.dict[d] {
			found(m.out[d])
		}
	}
}
