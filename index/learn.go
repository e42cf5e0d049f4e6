package index

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
)

// A learned ranking (issue 12, rounds 5–7): the first learnWindow of a
// word search's candidates, in the current ranking's final order, are
// ordered again by a linear score of what the ranker knows of each
// (learnFeatures), with weights fitted to the judged queries of
// testdata/search/queries.yaml ("current + corrections, judged pairs":
// a pairwise logistic fit on the pairs of judged candidates whose grades
// differ, shrunk towards the current score; see learn_test.go and
// docs/index-benchmarks.md, "Law search, round 5" to "round 7").
//
// learned.json is generated:
//
//	go test ./index -run 'TestLearnedWeights$' -update-learned -count=1
//
// and TestLearnedWeights fails when the grades it was fitted on changed.

// learnWindow is how many of the current ranking's candidates the learned
// ranking orders again.
const learnWindow = 50

// featureNames are the features of a candidate, in the order of
// learnFeatures' vectors.
var featureNames = []string{
	"log bm25 sum", "log coverage", "lead share", "defines",
	"法律", "行政法规", "宪法", "司法解释", "部门规章", "地方性法规 province", "地方性法规 city", "其他",
	"title own word", "title added word", "title concepts share", "chapter headings",
	"forbids", "exhorts", "group law", "outside mainland", "phrase",
	"log length", "raised by the first hit", "earlier of its law", "log current score",
}

// featCurrent is the feature holding the current ranking's own score.
var featCurrent = len(featureNames) - 1

// learnFeatures are the features of the first learnWindow of a search's
// ranked candidates (in the current ranking's final order).
func learnFeatures(ix *Index, rk *ranker, ranked []candidate) [][]float64 {
	n := min(learnWindow, len(ranked))
	out := make([][]float64, 0, n)
	if n == 0 {
		return out
	}
	top := ranked[0].score
	perLaw := map[string]int{}
	for _, c := range ranked[:n] {
		// the parts rank worked out (the same inputs give the same parts)
		p := c.parts
		if !c.ranked {
			p = rk.parts(c, len(rk.phrases) > 0 && containsPhrases(c.text, rk.phrases), c.tf)
		}
		phrase := p.phrase
		at := rk.textOf(c)
		lr := rk.lawOf(c)
		m := ix.laws[lawIDOf(c.id)]
		x := make([]float64, len(featureNames))
		x[0] = math.Log(max(p.sum, 1e-6))
		x[1] = math.Log(max(coverage(p.matched, len(rk.cs)), 1e-6))
		x[2] = float64(p.lead) / float64(max(1, len(rk.cs)))
		if p.defined > 0 {
			x[3] = 1
		}
		if m != nil {
			switch m.Level {
			case "法律":
				x[4] = 1
			case "行政法规":
				x[5] = 1
			case "宪法":
				x[6] = 1
			case "司法解释":
				x[7] = 1
			case "部门规章":
				x[8] = 1
			case "地方性法规":
				if strings.HasPrefix(m.Name, m.Region) {
					x[9] = 1
				} else {
					x[10] = 1
				}
			default:
				x[11] = 1
			}
			for _, g := range personGroups {
				if strings.Contains(m.Name, g) && !conceptsName(rk.cs, g) {
					x[18] = 1
					break
				}
			}
			if lr.title == 1 && outsideMainland(m.Name) {
				x[19] = 1
			}
		}
		switch lr.title {
		case titleWeight:
			x[12] = 1
		case titleExpansionWight:
			x[13] = 1
		}
		had := 0
		for _, b := range lr.inTitle {
			if b {
				had++
			}
		}
		x[14] = float64(had) / float64(max(1, len(rk.cs)))
		_, _, _, chapter := unpackArt(c.art)
		for _, con := range rk.cs {
			if headed(con, chapter) {
				x[15]++
			}
		}
		if at.forbid {
			x[16] = 1
		} else if at.exhort {
			x[17] = 1
		}
		if phrase {
			x[20] = 1
		}
		x[21] = math.Log(float64(max(1, at.runes)))
		if c.score > p.score(len(rk.cs))*(1+1e-9) {
			x[22] = 1
		}
		law := lawIDOf(c.id)
		x[23] = math.Log1p(float64(perLaw[law]))
		perLaw[law]++
		x[featCurrent] = math.Log(max(c.score, 1e-9) / top)
		out = append(out, x)
	}
	return out
}

// learnedWeights are the weights of the learned ranking, one per feature
// (raw: per unit of the feature as learnFeatures gives it); a candidate's
// score is their sum weighted by its features (the fit's standardisation
// only adds the same constant to every candidate's).
type learnedWeights struct {
	// Features name the weights' features, as featureNames.
	Features []string  `json:"features"`
	Weights  []float64 `json:"weights"`
	// How it was fitted: the L2 strength chosen, the queries, and a hash
	// of their grades (TestLearnedWeights checks it against queries.yaml).
	Lambda  float64 `json:"lambda"`
	Queries int     `json:"queries"`
	Grades  string  `json:"grades"`
	Fit     string  `json:"fit"`
}

//go:embed learned.json
var learnedJSON []byte

// learned is the fitted model; learnedRank switches its use. It is off:
// fitted out of group (each group of judged queries scored by weights
// fitted on the other groups only), the learned order is level with the
// current ranking over the 250 queries (first hit relevant on 13 more and
// 11 fewer queries, more relevant articles in the top five on 12 and
// fewer on 13) and lost the first hit of both fresh groups graded blind
// (rounds 12 and 13): no gain out of group pays for its cost and its
// refits (docs/index-benchmarks.md, "Law search, round 13b"). learned.json
// is still fitted and checked (TestLearnedWeights), so that -learned
// (TestEvalSearch) can measure it again.
var (
	learned     = mustLearned(learnedJSON)
	learnedRank = false
)

func parseLearned(b []byte) (*learnedWeights, error) {
	var w learnedWeights
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, err
	}
	if len(w.Features) != len(featureNames) || len(w.Weights) != len(featureNames) {
		return nil, fmt.Errorf("learned.json: %d features, %d weights, want %d", len(w.Features), len(w.Weights), len(featureNames))
	}
	for i, f := range w.Features {
		if f != featureNames[i] {
			return nil, fmt.Errorf("learned.json: feature %d is %q, want %q", i, f, featureNames[i])
		}
	}
	return &w, nil
}

func mustLearned(b []byte) *learnedWeights {
	w, err := parseLearned(b)
	if err != nil {
		panic(err)
	}
	return w
}

// learnedOrder orders the first learnWindow of ranked (the current
// ranking's final order) by the learned score, in place; ties keep their
// order, the rest of the list stays after them as it was.
func (ix *Index) learnedOrder(ranked []candidate, rk *ranker) {
	if !learnedRank || learned == nil || len(ranked) < 2 {
		// the current ranking's last step: the five filled by what the
		// first hits share (coherence.go). The learned order, fitted
		// without it, orders the candidates its own way.
		feedbackOrder(ranked)
		return
	}
	xs := learnFeatures(ix, rk, ranked)
	type scored struct {
		c candidate
		s float64
	}
	head := make([]scored, len(xs))
	for i, x := range xs {
		s := 0.0
		for j, v := range x {
			s += learned.Weights[j] * v
		}
		head[i] = scored{ranked[i], s}
	}
	sort.SliceStable(head, func(a, b int) bool { return head[a].s > head[b].s })
	for i := range head {
		ranked[i] = head[i].c
	}
}
