package index

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"

	"lawreview/corpus"
	"lawreview/corpus/segment"
	"lawreview/review"
)

// Related tuning, chosen on the judged findings of testdata/search and the
// clauses of testdata/retrieval.yaml (docs/index-benchmarks.md).
var (
	relatedTerms    = 12   // own terms of the sentence, rarest first
	relatedMaxShare = 0.10 // ... leaving out those in more of the articles (应当, 规定)
	basisTerms      = 6    // terms taken from each basis article
	titleTerms      = 4    // terms taken from the rule's title, rarest first
	relatedMinMatch = 2    // terms a candidate must share when there are enough
	// statutory words added by expand.txt: the rarest, and not those in
	// more than this share of the articles (行政处罚 is in 4 %)
	relatedAdded      = 8
	relatedAddedShare = 0.05
)

const (
	maxRelated       = 50
	relatedOverfetch = 8 // candidates per article asked for, ranked again

	clauseWeight = 1.3 // a term of the quoted clause itself
	titleWeight2 = 0.8 // a term of the rule's title
	basisWeight  = 0.5 // a term of a basis article

	// The articles a finding rests on, and the laws they belong to, are
	// the best evidence of what bears on it.
	basisPrior    = 2.5
	basisLawPrior = 1.4
)

// levelWeight ranks a higher-level source above a lower one that matches
// the clause as well: a draft is judged against the law above it, and a
// local regulation often repeats a national law's article word for word.
var levelWeight = map[string]float64{
	"宪法":    1.6,
	"法律":    1.6,
	"行政法规":  1.3,
	"司法解释":  0.8,
	"部门规章":  0.8,
	"地方性法规": 0.7,
	"其他":    0.5,
}

var _ review.RelatedFinder = (*Index)(nil)

// Related returns the n in-force articles that bear most on a finding. It
// is the review engine's question for every finding, so it is built to be
// cheap: the rarest terms of the finding's sentence, of its rule's title
// and of its basis articles, with the statutory words expand.txt adds,
// ranked by BM25 and the level of the law, with the basis articles and
// their laws first among equals; dates and article numbers never count,
// and a law gives one article unless the others are its neighbours.
func (ix *Index) Related(q review.RelatedQuery, n int) ([]review.Related, error) {
	return ix.RelatedContext(context.Background(), q, n)
}

// RelatedContext is Related with cancellation.
func (ix *Index) RelatedContext(ctx context.Context, q review.RelatedQuery, n int) ([]review.Related, error) {
	if n <= 0 || ix.docs == 0 {
		return nil, nil
	}
	n = min(n, maxRelated)
	terms, err := ix.relatedTerms(q)
	if err != nil {
		return nil, fmt.Errorf("related %q: %w", q.Clause, err)
	}
	if len(terms) == 0 {
		return nil, nil
	}
	basisIDs, basisLaws, err := ix.basisDocs(ctx, q.Basis)
	if err != nil {
		return nil, fmt.Errorf("related %q: %w", q.Clause, err)
	}
	minMatch := 1
	if len(terms) >= 4 {
		minMatch = relatedMinMatch
	}
	scope := relatedScope{province: ix.regionName(q.Province)}
	size := n * relatedOverfetch
	cands, err := ix.relatedSearch(ctx, terms, minMatch, size, scope, nil)
	if err == nil && len(cands) < n && minMatch > 1 {
		// Too strict for this clause: accept articles sharing one term.
		cands, err = ix.relatedSearch(ctx, terms, 1, size, scope, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("related %q: %w", q.Clause, err)
	}
	// A basis article that shares a term with the question is scored like
	// any other, even when more frequent articles filled the candidates.
	var missing []string
	have := map[string]bool{}
	for _, c := range cands {
		have[c.id] = true
	}
	for _, id := range basisIDs {
		if !have[id] {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		more, err := ix.relatedSearch(ctx, terms, 1, len(missing), relatedScope{all: true}, missing)
		if err != nil {
			return nil, fmt.Errorf("related %q: %w", q.Clause, err)
		}
		cands = append(cands, more...)
	}
	isBasis := map[string]bool{}
	for _, id := range basisIDs {
		isBasis[id] = true
	}
	for i := range cands {
		c := &cands[i]
		m := ix.laws[lawIDOf(c.id)]
		if m == nil {
			continue
		}
		w, ok := levelWeight[m.Level]
		if !ok {
			w = 1
		}
		if outsideMainland(m.Name) {
			w *= outsideWeight
		}
		switch {
		case isBasis[c.id]:
			w *= basisPrior
		case basisLaws[lawIDOf(c.id)]:
			w *= basisLawPrior
		}
		c.score *= w
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score > cands[j].score })
	// Only the articles diverse reaches are loaded: it takes them in
	// order and each choice depends on those before it, so loading the
	// best 2n, then twice as many, gives what loading all of the 8n did.
	var hits []Hit
	for k := 0; k < len(cands); {
		more := cands[k:min(len(cands), max(2*n, 2*k))]
		got, err := ix.fetch(ctx, more)
		if err != nil {
			return nil, fmt.Errorf("related %q: %w", q.Clause, err)
		}
		hits = append(hits, got...)
		k += len(more)
		if len(diverse(hits, n)) == n {
			break
		}
	}
	hits = diverse(hits, n)
	hits = strongEnough(hits, isBasis)
	out := make([]review.Related, 0, len(hits))
	for _, h := range hits {
		out = append(out, review.Related{Law: h.Law, Article: h.Article, Text: h.Text, Score: h.Score})
	}
	return out, nil
}

// relatedTerms builds the question: the sentence's rarest terms (those of
// the quoted clause weigh more), the rule title's terms, the rarest terms
// of each basis article, and the statutory words for them all.
func (ix *Index) relatedTerms(q review.RelatedQuery) ([]wterm, error) {
	seg, err := segment.Shared()
	if err != nil {
		return nil, err
	}
	sentence := q.Sentence
	if strings.TrimSpace(sentence) == "" {
		sentence = q.Clause
	}
	var out []wterm
	have := map[string]bool{}
	add := func(ts []wterm, scale float64) {
		for _, t := range ts {
			if !have[t.term] {
				have[t.term] = true
				out = append(out, wterm{term: t.term, boost: t.boost * scale, virtual: t.virtual, kind: t.kind})
			}
		}
	}
	own, err := ix.rarest(seg, sentence, relatedTerms, relatedMaxShare)
	if err != nil {
		return nil, err
	}
	inClause := map[string]bool{}
	if q.Clause != "" {
		cl, err := ix.wordTerms(seg, q.Clause, termOptions{})
		if err != nil {
			return nil, err
		}
		for _, t := range cl {
			inClause[t.term] = true
		}
	}
	for i := range own {
		if inClause[own[i].term] {
			own[i].boost *= clauseWeight
		}
	}
	add(own, 1)
	if q.Title != "" {
		ts, err := ix.ruleTerms.get("title\x00"+q.Title, func() ([]wterm, error) {
			ts, err := ix.wordTerms(seg, q.Title, termOptions{})
			if err != nil {
				return nil, err
			}
			return ix.rarestOf(ts, titleTerms, relatedMaxShare)
		})
		if err != nil {
			return nil, err
		}
		add(ts, titleWeight2)
	}
	for _, b := range q.Basis {
		ts, err := ix.ruleTerms.get("basis\x00"+b.Text, func() ([]wterm, error) {
			return ix.rarest(seg, b.Text, basisTerms, relatedMaxShare)
		})
		if err != nil {
			return nil, err
		}
		add(ts, basisWeight)
	}
	context := sentence + "\n" + q.Title
	ex, err := ix.expansionTerms(context, context, have)
	if err != nil {
		return nil, err
	}
	ex, err = ix.rarestOf(ex, relatedAdded, relatedAddedShare)
	if err != nil {
		return nil, err
	}
	add(ex, 1)
	return out, nil
}

// termMemo keeps the terms of the texts that rules bring to every
// question of their findings: a rule's title and its basis articles. They
// are few (the rules' data, the precedents' bases) and the same in every
// review; cutting them again for every finding was more than half of what
// building the questions cost: the 24 questions of a 5,000-character
// review took 10 ms of CPU to build, 4 ms with them kept (a basis article
// is often longer than the sentence).
type termMemo struct {
	m sync.Map // text -> []wterm, never changed once stored
	n atomic.Int64
}

// termMemoMax bounds the texts kept, should a caller bring new ones with
// every question.
const termMemoMax = 8192

func (m *termMemo) get(key string, f func() ([]wterm, error)) ([]wterm, error) {
	if v, ok := m.m.Load(key); ok {
		return v.([]wterm), nil
	}
	ts, err := f()
	if err != nil {
		return nil, err
	}
	if m.n.Load() < termMemoMax {
		if _, loaded := m.m.LoadOrStore(key, ts); !loaded {
			m.n.Add(1)
		}
	}
	return ts, nil
}

// rarestOf keeps the k rarest of ts in at most maxShare of the articles:
// every term is a postings list walked for every finding.
func (ix *Index) rarestOf(ts []wterm, k int, maxShare float64) ([]wterm, error) {
	type ranked struct {
		t  wterm
		df int
	}
	var rs []ranked
	for _, t := range ts {
		df, err := ix.docFreq(t)
		if err != nil {
			return nil, err
		}
		if df > 0 && float64(df) <= maxShare*float64(ix.docs) {
			rs = append(rs, ranked{t, df})
		}
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].df < rs[j].df })
	out := make([]wterm, 0, min(k, len(rs)))
	for _, r := range rs[:min(k, len(rs))] {
		out = append(out, r.t)
	}
	return out, nil
}

// rarest returns the k rarest terms of text that are in at most maxShare
// of the articles (at least two even when all are more frequent).
func (ix *Index) rarest(seg *segment.Segmenter, text string, k int, maxShare float64) ([]wterm, error) {
	ts, err := ix.wordTerms(seg, text, termOptions{})
	if err != nil {
		return nil, err
	}
	words := make([]string, len(ts))
	for i, t := range ts {
		words[i] = t.term
	}
	keep, err := ix.selectTerms(words, k, maxShare, 2)
	if err != nil {
		return nil, err
	}
	weight := map[string]float64{}
	for _, t := range ts {
		weight[t.term] = t.boost
	}
	out := make([]wterm, len(keep))
	for i, t := range keep {
		out[i] = wterm{term: t, boost: weight[t]}
	}
	return out, nil
}

// relatedScope says which laws related articles leave out: versions not
// in force, and local regulations other than the province's own (all of
// them when no province is known); nothing when all is set. They are
// dropped as they come out of the postings (see scope.go), so the best
// articles of the rest are found without asking for more than are shown.
type relatedScope struct {
	province string
	all      bool
}

func (s relatedScope) key() string { return "related; province " + s.province }

func (s relatedScope) drop() func(*lawMeta) bool {
	if s.all {
		return nil
	}
	return func(m *lawMeta) bool {
		if m.Status != string(corpus.StatusCurrent) {
			return true
		}
		return m.Level == "地方性法规" && (s.province == "" || m.Region != s.province)
	}
}

// relatedSearch finds the best size articles sharing minMatch of the
// terms, leaving out those of the laws drop reports, or among the given
// documents.
func (ix *Index) relatedSearch(ctx context.Context, terms []wterm, minMatch, size int, scope relatedScope, ids []string) ([]candidate, error) {
	if ids == nil {
		cs, _, err := ix.topTerms(ctx, terms, minMatch, size, scope.key(), scope.drop(), 0)
		return cs, err
	}
	d, err := ix.weightedTerms(terms)
	if err != nil {
		return nil, err
	}
	d.SetMin(float64(minMatch))
	bq := bleve.NewBooleanQuery()
	bq.AddShould(d)
	bq.SetMinShould(1)
	if ids != nil {
		// the documents drive the search (a filter would walk every
		// term's postings and test each article against them); with no
		// weight, the score is the terms' alone
		docs := ix.docIDQuery(ids)
		docs.SetBoost(0)
		bq.AddMust(docs)
	}
	q, err := ix.scoped(bq, scope.key(), scope.drop())
	if err != nil {
		return nil, err
	}
	cs, _, err := ix.candidates(ctx, q, size, false)
	return cs, err
}

// basisDocs finds the documents of the basis articles in the index (their
// current versions) and the laws they belong to.
func (ix *Index) basisDocs(ctx context.Context, basis []review.Basis) ([]string, map[string]bool, error) {
	var ids []string
	laws := map[string]bool{}
	for _, b := range basis {
		lawID, ok := ix.currentLaw(b.Law)
		if !ok {
			continue
		}
		laws[lawID] = true
		id, err := ix.articleDocID(ctx, lawID, b.Article)
		if err != nil {
			return nil, nil, err
		}
		if id != "" {
			ids = append(ids, id)
		}
	}
	return ids, laws, nil
}

// relatedFloor is the share of the best score an article other than a
// basis article must reach to be shown: a weak third article that shares
// one word with the finding (涉外民事关系法律适用法 for 隐私) is worse than none.
var relatedFloor = 0.4

// strongEnough drops the hits far weaker than the first.
func strongEnough(hits []Hit, isBasis map[string]bool) []Hit {
	if len(hits) == 0 {
		return hits
	}
	top := hits[0].Score
	out := hits[:0]
	for _, h := range hits {
		if isBasis[h.ID] || h.Score >= relatedFloor*top {
			out = append(out, h)
		}
	}
	return out
}

// diverse takes the first n hits, one article of each law, or two when
// they are neighbours (民法典 第四百九十七条 and 第四百九十八条 on standard
// terms go together; 第一条 and 第八百条 do not, nor a run of five).
func diverse(hits []Hit, n int) []Hit {
	var out []Hit
	taken := map[string][]int{}
	for _, h := range hits {
		if len(out) == n {
			break
		}
		ok := len(taken[h.LawID]) == 0
		if len(taken[h.LawID]) == 1 {
			t := taken[h.LawID][0]
			ok = h.Number-t == 1 || t-h.Number == 1
		}
		if !ok {
			continue
		}
		taken[h.LawID] = append(taken[h.LawID], h.Number)
		out = append(out, h)
	}
	return out
}
