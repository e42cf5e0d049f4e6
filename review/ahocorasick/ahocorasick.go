// Package ahocorasick finds which of a fixed set of strings occur in a
// text, in one pass over its bytes: the rules' prefilter (review) and the
// precedent finder's concepts (review/precedent) ask it which of their
// anchors a sentence or an article contains.
package ahocorasick

import "sort"

// Matcher finds which of a fixed set of strings occur in a text, in one
// pass over its bytes (Aho–Corasick). The rule prefilter (review/prefilter.go)
// needs every pattern present, overlapping ones included (罚款 inside
// 处以罚款), as a set: libraries either report non-overlapping matches
// only or bring an API for much more than this, and the automaton over a
// few thousand short strings is a page of code.
type Matcher struct {
	edges [][]edge   // per state, sorted by byte
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
	es := m.edges[s]
	i := sort.Search(len(es), func(i int) bool { return es[i].b >= b })
	if i < len(es) && es[i].b == b {
		return es[i].to
	}
	return -1
}

// New builds the automaton of patterns; pattern i is reported
// as i. Empty patterns are never reported.
func New(patterns []string) *Matcher {
	m := &Matcher{edges: [][]edge{nil}, out: []int32{-1}}
	for id, p := range patterns {
		s := int32(0)
		for i := 0; i < len(p); i++ {
			next := m.child(s, p[i])
			if next < 0 {
				next = int32(len(m.edges))
				m.edges = append(m.edges, nil)
				m.out = append(m.out, -1)
				es := append(m.edges[s], edge{p[i], next})
				sort.Slice(es, func(a, b int) bool { return es[a].b < es[b].b })
				m.edges[s] = es
			}
			s = next
		}
		if s != 0 {
			m.out[s] = int32(id)
		}
	}
	n := len(m.edges)
	m.fail = make([]int32, n)
	m.dict = make([]int32, n)
	m.dict[0] = -1
	// Breadth first: a state's failure link is known before its children's.
	queue := make([]int32, 0, n)
	for _, e := range m.edges[0] {
		m.fail[e.to], m.dict[e.to] = 0, -1
		queue = append(queue, e.to)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range m.edges[s] {
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
