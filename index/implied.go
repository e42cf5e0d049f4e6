package index

import (
	_ "embed"
	"slices"
	"sort"
	"strings"

	"lawreview/corpus"
)

//go:embed implied.txt
var impliedTxt string

// impliedLaws are the lines of implied.txt: the same format as expand.txt,
// laws on the right instead of words.
var impliedLaws = mustParseExpansions(impliedTxt)

// implied returns the short names of the laws the subject of word implies,
// read in context (see expand).
func implied(word, context string) []string {
	word, context = foldWidth(word), foldWidth(context)
	var out []string
	for _, e := range impliedLaws {
		for _, alt := range e.when {
			ok := strings.Contains(word, alt[len(alt)-1])
			for _, p := range alt[:len(alt)-1] {
				ok = ok && strings.Contains(context, p)
			}
			if ok {
				for _, l := range e.with {
					if !slices.Contains(out, l) {
						out = append(out, l)
					}
				}
				break
			}
		}
	}
	return out
}

// impliedBy reports whether law m is one of the laws, or a regulation
// whose title names one (浙江省实施《中华人民共和国村民委员会组织法》办法).
func impliedBy(m *lawMeta, laws []string) bool {
	for _, l := range laws {
		if strings.Contains(m.Name, l) {
			return true
		}
	}
	return false
}

// impliedOn switches the implied laws' candidates (tests compare).
var impliedOn = true

// maxImpliedArticles bounds the articles one implied law brings among the
// candidates: those holding most of the query's terms. 40 gave the same
// tuned-on precision@5 and top-1 (refitted each), 2 more of their relevant
// articles among the candidates, and a dearer search.
const maxImpliedArticles = 20

// impliedCandidates are the articles in force of the national laws the
// query's concepts imply that hold a term of the query and are not among
// cands, at most maxImpliedArticles a law, those holding most terms first.
func (ix *Index) impliedCandidates(cands []candidate, cs []concept) ([]candidate, error) {
	var names []string
	for _, c := range cs {
		for _, l := range c.laws {
			if !slices.Contains(names, l) {
				names = append(names, l)
			}
		}
	}
	if len(names) == 0 {
		return nil, nil
	}
	have := make(map[string]bool, len(cands))
	for _, c := range cands {
		have[c.id] = true
	}
	var out []candidate
	for _, name := range names {
		id := ix.nationalLaw(name)
		if id == "" {
			continue
		}
		arts, err := ix.impliedArticles(id)
		if err != nil {
			return nil, err
		}
		terms := otherTerms(cs, name)
		// how many of those terms each article not yet a candidate holds
		held := map[string]int{}
		var more []candidate
		for _, a := range arts {
			if have[a.id] {
				continue
			}
			for _, t := range terms {
				if strings.Contains(a.text, t) {
					held[a.id]++
				}
			}
			if held[a.id] > 0 {
				more = append(more, a)
			}
		}
		// the law's order among those holding as many terms
		sort.SliceStable(more, func(i, j int) bool { return held[more[i].id] > held[more[j].id] })
		for _, c := range more[:min(len(more), maxImpliedArticles)] {
			have[c.id] = true
			out = append(out, c)
		}
	}
	return out, nil
}

// otherTerms are the terms (not pieces) an article of the implied law
// must hold one of to become a candidate: those of the concepts that do
// not imply it, which its articles do not have by their law already (for
// 村委会 没收 财物, 村民委员会组织法's articles on 没收 or 财物, not every
// one naming a 村民委员会); every concept's when all imply it.
func otherTerms(cs []concept, law string) []string {
	var own, other []string
	for _, c := range cs {
		implies := slices.Contains(c.laws, law)
		for _, t := range c.terms {
			if t.kind == pieceTerm {
				continue
			}
			own = append(own, t.term)
			if !implies {
				other = append(other, t.term)
			}
		}
	}
	if len(other) == 0 {
		return own
	}
	return other
}

// impliedArticles are the articles of an implied law, read from the index
// once and kept (the index never changes once open): the laws implied.txt
// names hold some 1,300 articles, and reading a law's for every search
// took BenchmarkSearch from 296 to 352 KiB a search (327 with them kept).
// A law too long to read by number (see lawArticles) has none.
func (ix *Index) impliedArticles(lawID string) ([]candidate, error) {
	if v, ok := ix.impliedArts.Load(lawID); ok {
		return v.([]candidate), nil
	}
	arts, ok, err := ix.lawArticles(lawID)
	if err != nil {
		return nil, err
	}
	if !ok {
		arts = nil
	}
	ix.impliedArts.Store(lawID, arts)
	return arts, nil
}

// nationalLaw is the id of the law in force named name (its short name or
// its title), of the levels 法律 and 行政法规; "" when there is none.
func (ix *Index) nationalLaw(name string) string {
	if v, ok := ix.impliedIDs.Load(name); ok {
		return v.(string)
	}
	found := ""
	for id, m := range ix.laws {
		if m.Status != string(corpus.StatusCurrent) || (m.Level != "法律" && m.Level != "行政法规") {
			continue
		}
		if m.Short == name || m.Name == name || m.Name == "中华人民共和国"+name {
			if found == "" || id < found {
				found = id
			}
		}
	}
	ix.impliedIDs.Store(name, found)
	return found
}
