package index

import (
	"context"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"lawreview/corpus"
)

// More candidate sources (issue 12, round 6). A search's candidates were
// the rankWindow best articles by BM25 over every term of the query; the
// ranking then reorders them. Of the relevant articles of the judged
// queries that ranking did not show, most were not candidates at all
// (docs/index-benchmarks.md, "Law search, round 6"): a national article
// holding one concept of the query lost its place to the many local
// articles holding both, and an article of the law whose TITLE names the
// subject (行政诉讼法 for 行政诉讼 起诉期限) does not repeat it in its
// text. Two sources add candidates of these kinds, for every query, and
// the ranking scores them like the others:
//
//   - national law alone: the best nationalWindow articles of national
//     law (宪法, 法律, 行政法规, 司法解释) by the same BM25 over the same
//     terms;
//   - the laws a concept's own word names in their title: their best
//     titleWindow articles by the terms of the query's other concepts.
var (
	// moreSources: a test turns the sources off to compare.
	moreSources    = true
	nationalWindow = 60
	titleWindow    = 20
	// At most this many laws are read for one concept's title match, the
	// highest level first, then the shortest title (the general law
	// before its implementing rules and interpretations).
	maxTitleLaws = 4
	// A word in more titles than this names no one subject (管理, 规定).
	maxTitleMatches = 60
)

// nationalLevels are the levels the national source reads.
var nationalLevels = map[string]bool{"宪法": true, "法律": true, "行政法规": true, "司法解释": true}

// moreCandidates returns the candidates of the extra sources that are not
// among have, with their fields loaded.
func (ix *Index) moreCandidates(ctx context.Context, cs []concept, all []wterm, sf scopeFilter, have []candidate) ([]candidate, error) {
	table, err := ix.docLaws()
	if err != nil {
		return nil, err
	}
	seen := make(map[uint64]bool, len(have)+nationalWindow)
	for _, c := range have {
		seen[c.num] = true
	}
	var out []candidate
	add := func(got []candidate) {
		for _, c := range got {
			if !seen[c.num] {
				seen[c.num] = true
				out = append(out, c)
			}
		}
	}
	drop := sf.drop
	notNational := func(m *lawMeta) bool { return !nationalLevels[m.Level] || (drop != nil && drop(m)) }
	nat, _, err := ix.topTermsOut(ctx, all, 1, nationalWindow, table.dropSet(sf.dropKey+"; national only", notNational), searchAvgTerms)
	if err != nil {
		return nil, err
	}
	add(nat)
	if len(cs) > 1 {
		for ci := range cs {
			laws := ix.titleLaws(cs[ci], drop)
			if len(laws) == 0 {
				continue
			}
			var others []concept
			for cj, c := range cs {
				if cj != ci {
					others = append(others, c)
				}
			}
			terms, err := ix.candidateTerms(others)
			if err != nil {
				return nil, err
			}
			got, _, err := ix.topTermsOut(ctx, terms, 1, titleWindow, table.allBut(laws), searchAvgTerms)
			if err != nil {
				return nil, err
			}
			add(got)
		}
	}
	if len(out) > 0 {
		if err := ix.loadFields(ctx, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// titleLaws are the laws in force whose title holds one of the concept's
// own words (not a piece of it, nor a statutory word added for it), national
// or of a province a search reads (drop leaves the others out), at most
// maxTitleLaws, the highest level and then the shortest title first.
func (ix *Index) titleLaws(con concept, drop func(*lawMeta) bool) []string {
	type match struct {
		id string
		m  *lawMeta
	}
	var got []match
	for _, t := range con.terms {
		if t.kind != ownTerm || utf8.RuneCountInString(t.term) < 2 {
			continue
		}
		var ms []match
		for _, l := range ix.titledLaws() {
			if strings.Contains(l.m.Name, t.term) && (drop == nil || !drop(l.m)) {
				ms = append(ms, match(l))
			}
		}
		if len(ms) > maxTitleMatches {
			continue
		}
		got = append(got, ms...)
	}
	level := func(m *lawMeta) float64 {
		w := searchLevelWeight[m.Level]
		if m.Level == "地方性法规" {
			if m.Region == "" || !strings.HasPrefix(m.Name, m.Region) {
				w = 0 // a city's
			}
		}
		return w
	}
	sort.SliceStable(got, func(i, j int) bool {
		a, b := got[i].m, got[j].m
		if la, lb := level(a), level(b); la != lb {
			return la > lb
		}
		return utf8.RuneCountInString(a.Name) < utf8.RuneCountInString(b.Name)
	})
	var ids []string
	for _, g := range got {
		if len(ids) == maxTitleLaws {
			break
		}
		if level(g.m) > 0 && !slices.Contains(ids, g.id) {
			ids = append(ids, g.id)
		}
	}
	return ids
}

// titledLaw is a law in force, with its id.
type titledLaw struct {
	id string
	m  *lawMeta
}

// titledLaws are the laws in force of the law table, worked out once
// per index (titledCache).
func (ix *Index) titledLaws() []titledLaw {
	if v, ok := titledCache.Load(ix); ok {
		return v.([]titledLaw)
	}
	var ls []titledLaw
	for id, m := range ix.laws {
		if m.Status == string(corpus.StatusCurrent) {
			ls = append(ls, titledLaw{id, m})
		}
	}
	sort.Slice(ls, func(i, j int) bool { return ls[i].id < ls[j].id })
	v, _ := titledCache.LoadOrStore(ix, ls)
	return v.([]titledLaw)
}

// titledCache holds each open index's titledLaws.
var titledCache sync.Map

// allBut is the set of every document but those of the laws.
func (t *docLawTable) allBut(laws []string) docSet {
	set := make(docSet, (len(t.law)+63)/64)
	for i := range set {
		set[i] = ^uint64(0)
	}
	for _, id := range laws {
		for _, n := range t.docs[id] {
			set[n>>6] &^= 1 << (n & 63)
		}
	}
	return set
}
