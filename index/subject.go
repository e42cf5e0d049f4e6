package index

import (
	"context"
	"math"
	"strings"
	"sync"
)

// The query's subject as a distribution over laws, learned from the whole
// corpus (round 21): every article is a labelled example of its law, so a
// naive Bayes model over the articles' terms gives P(law | the query's
// words) with no judged query involved. Everyday words (化工 废料, 定 价格)
// match articles of laws that merely share them; the model asks which law's
// articles hold the query's words together, as a lawyer asks what the
// question is about before which article answers it.
//
// The laws modelled are the national laws and administrative regulations
// in force, the level a township adviser reads first. A concept's count in
// a law is the number of its articles holding one of the concept's index
// terms (a typed word or a statutory word added for it; pieces and words
// the index does not hold are left out), plus subjectTitle × the law's
// articles when its title holds the term, as if that share of its articles
// named the subject. Counts are smoothed toward the concept's rate in all
// the modelled articles (Dirichlet, subjectMu).
var (
	subjectMu    = 5000.0
	subjectTitle = 0.5
	// subjectPriorExp: a law's prior is its articles^exp (0: uniform)
	subjectPriorExp = 1.0
	// subjectWeightW: a candidate's score × (1 + w · P(its law | query));
	// 0 is off
	subjectWeightW = 0.0
	// subjectGroups: the distribution is over groups of laws rather than
	// single laws: 1, the law and those made on it (实施条例 under its 法);
	// 2, the title's first two characters (土地管理法 and 土地调查条例,
	// 劳动法 and 劳动合同法), the head noun of most titles
	subjectGroups = 1
)

// subjectModel is what the distribution needs beyond the postings: which
// laws are modelled and their sizes, by the document-law table's index.
type subjectModel struct {
	model  []int32 // by docLawTable law index: the modelled law's index, -1
	laws   []*lawMeta
	ids    []string
	n      []float64 // articles of each modelled law
	total  float64
	group  []int32 // by modelled law: its group's index (see subjectGroups)
	groups int
}

var subjectOnce sync.Map // *Index and groups -> *subjectModel

type subjectKey struct {
	ix     *Index
	groups int
}

func subjectModelled(m *lawMeta) bool {
	return m != nil && m.Status == "current" && (m.Level == "法律" || m.Level == "行政法规")
}

func (ix *Index) subjectModel() (*subjectModel, error) {
	key := subjectKey{ix, subjectGroups}
	if v, ok := subjectOnce.Load(key); ok {
		return v.(*subjectModel), nil
	}
	t, err := ix.docLaws()
	if err != nil {
		return nil, err
	}
	sm := &subjectModel{model: make([]int32, len(t.laws))}
	for i, m := range t.laws {
		sm.model[i] = -1
		if subjectModelled(m) && len(t.docs[t.ids[i]]) > 0 {
			sm.model[i] = int32(len(sm.laws))
			sm.laws = append(sm.laws, m)
			sm.ids = append(sm.ids, t.ids[i])
			sm.n = append(sm.n, float64(len(t.docs[t.ids[i]])))
			sm.total += float64(len(t.docs[t.ids[i]]))
		}
	}
	// groups: a regulation whose title names a modelled law (……法实施条例,
	// 实施《……法》) joins that law's group
	byName := map[string]int32{}
	for i, m := range sm.laws {
		if m.Level == "法律" {
			byName[strings.TrimPrefix(m.Name, "中华人民共和国")] = int32(i)
		}
	}
	sm.group = make([]int32, len(sm.laws))
	for i := range sm.group {
		sm.group[i] = -1
	}
	for i, m := range sm.laws {
		if subjectGroups == 2 {
			sm.group[i] = headGroup(byName, m.Name)
			continue
		}
		if m.Level == "法律" {
			continue
		}
		best := ""
		for name := range byName {
			if len(name) > len(best) && strings.Contains(m.Name, name) {
				best = name
			}
		}
		if best != "" {
			sm.group[i] = byName[best]
		}
	}
	ids := map[int32]int32{}
	for i := range sm.group {
		root := sm.group[i] // ≤ -2: a head's code (headGroup)
		if root == -1 {
			root = int32(i)
		}
		g, ok := ids[root]
		if !ok {
			g = int32(len(ids))
			ids[root] = g
		}
		sm.group[i] = g
	}
	sm.groups = len(ids)
	v, _ := subjectOnce.LoadOrStore(key, sm)
	return v.(*subjectModel), nil
}

// subjectLaws is P(law | cs) over the modelled laws (by the model's index;
// by group when subjectGroups), nil when no concept has a term in them.
func (ix *Index) subjectLaws(ctx context.Context, cs []concept) ([]float64, *subjectModel, error) {
	sm, err := ix.subjectModel()
	if err != nil {
		return nil, nil, err
	}
	t, err := ix.docLaws()
	if err != nil {
		return nil, nil, err
	}
	st, err := ix.bm25()
	if err != nil {
		return nil, nil, err
	}
	r, err := ix.reader()
	if err != nil {
		return nil, nil, err
	}
	defer r.Close()
	nl := len(sm.laws)
	logp := make([]float64, nl)
	for i := range logp {
		logp[i] = subjectPriorExp * math.Log(sm.n[i])
	}
	counts := make([]float64, nl)
	used := 0
	for _, con := range cs {
		clear(counts)
		any := false
		seen := map[string]bool{}
		for _, wt := range con.terms {
			if wt.virtual || wt.kind == pieceTerm || seen[wt.term] {
				continue
			}
			seen[wt.term] = true
			p, err := ix.postingsOf(ctx, r, wt.term, ix.idf(wt), st)
			if err != nil {
				return nil, nil, err
			}
			for _, n := range p.nums {
				if int(n) >= len(t.law) || t.law[n] < 0 {
					continue
				}
				if mi := sm.model[t.law[n]]; mi >= 0 {
					counts[mi]++
					any = true
				}
			}
			if subjectTitle > 0 {
				for i, m := range sm.laws {
					if strings.Contains(m.Name, wt.term) {
						counts[i] += subjectTitle * sm.n[i]
						any = true
					}
				}
			}
		}
		if !any {
			continue
		}
		used++
		sum := 0.0
		for i := range counts {
			counts[i] = min(counts[i], sm.n[i])
			sum += counts[i]
		}
		rate := sum / sm.total
		for i := range counts {
			logp[i] += math.Log((counts[i] + subjectMu*rate) / (sm.n[i] + subjectMu))
		}
	}
	if used == 0 {
		return nil, sm, nil
	}
	top := math.Inf(-1)
	for _, v := range logp {
		top = max(top, v)
	}
	p := make([]float64, nl)
	z := 0.0
	for i, v := range logp {
		p[i] = math.Exp(v - top)
		z += p[i]
	}
	for i := range p {
		p[i] /= z
	}
	if subjectGroups != 0 {
		g := make([]float64, sm.groups)
		for i, v := range p {
			g[sm.group[i]] += v
		}
		for i := range p {
			p[i] = g[sm.group[i]]
		}
	}
	return p, sm, nil
}

// subjectOf is P(law | query) of a candidate's law, 0 for a law not
// modelled.
func (sm *subjectModel) of(t *docLawTable, p []float64, num uint64) float64 {
	if p == nil || num >= uint64(len(t.law)) || t.law[num] < 0 {
		return 0
	}
	if mi := sm.model[t.law[num]]; mi >= 0 {
		return p[mi]
	}
	return 0
}

// subjectPrior weighs each candidate's score by its law's share of the
// query's subject: score × (1 + w · P(law | query)).
func (ix *Index) subjectPrior(ctx context.Context, cands []candidate, cs []concept) error {
	p, sm, err := ix.subjectLaws(ctx, cs)
	if err != nil || p == nil {
		return err
	}
	t, err := ix.docLaws()
	if err != nil {
		return err
	}
	for i := range cands {
		cands[i].score *= 1 + subjectWeightW*sm.of(t, p, cands[i].num)
	}
	return nil
}

// headGroup is the law named by the first two characters of a title
// (中华人民共和国 and 国务院关于 cut): the index of a modelled law with
// that head in byHead's order, or a new one.
func headGroup(byName map[string]int32, name string) int32 {
	name = strings.TrimPrefix(strings.TrimPrefix(name, "中华人民共和国"), "国务院关于")
	rs := []rune(name)
	head := string(rs[:min(2, len(rs))])
	if g, ok := byName["\x00"+head]; ok {
		return g
	}
	g := int32(-2 - len(byName))
	byName["\x00"+head] = g
	return g
}
