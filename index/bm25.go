package index

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
)

// The candidates of a search and of a related-articles question are the
// best articles by BM25 among those holding any of the question's terms
// (at least minMatch of them). bleve answers that with a disjunction
// searcher that merges the terms' postings document by document, through a
// heap when there are more than ten terms: a related question has twenty
// to forty, and the merge, not the postings, was most of its time.
// topTerms reads each term's postings once, from start to end, and adds
// its score into an array indexed by document number. The scores are
// bleve's own (the same BM25, the same query norm and coordination
// factor), so the candidates are those bleve gave; only the order in which
// a document's term scores are summed differs, in the last bits.

// bm25Stats are what BM25 needs of the text field, read once.
type bm25Stats struct {
	docs   float64 // articles in the index
	avgLen float64 // mean number of terms in an article's text, rounded up as bleve does
}

func (ix *Index) bm25() (bm25Stats, error) {
	ix.bm25Once.Do(func() {
		r, err := ix.reader()
		if err != nil {
			ix.bm25Err = err
			return
		}
		defer r.Close()
		n, err := r.DocCount()
		if err != nil {
			ix.bm25Err = err
			return
		}
		br, ok := r.(bindex.BM25Reader)
		if !ok {
			ix.bm25Err = fmt.Errorf("index reader gives no field lengths")
			return
		}
		card, err := br.FieldCardinality(fText)
		if err != nil {
			ix.bm25Err = err
			return
		}
		if n > 0 {
			ix.bm25Stat = bm25Stats{docs: float64(n), avgLen: math.Ceil(float64(card) / float64(n))}
		}
	})
	return ix.bm25Stat, ix.bm25Err
}

// bm25Idf is bleve's BM25 inverse document frequency.
func bm25Idf(docs float64, df uint64) float64 {
	return math.Log(1 + (docs-float64(df)+0.5)/(float64(df)+0.5))
}

// accumulator holds the scores of one question, by document number, and
// which documents it touched, so that it is cleared in the time it took.
// A document's score and count of terms sit side by side: adding a
// posting touches one place in memory, not two arrays of 147,000.
type accumulator struct {
	slot    []accSlot
	touched []uint32
}

type accSlot struct {
	score   float64
	matched uint16 // terms matched (a term of parts counts once)
}

var accPool sync.Pool

// accKept holds accumulators the collector never takes, ahead of accPool:
// a sync.Pool is emptied by two collections, and a new accumulator is
// 2.4 MB of fresh pages, each first written by a page fault and, on this
// guest, a TLB flush sent to the other processor — ~600 of them in the
// search that meets it (docs/performance.md, stage 24). WarmTables puts
// one here, written page by page, before the first searches.
var accKept = make(chan *accumulator, 2)

func getAccumulator(n int) *accumulator {
	select {
	case a := <-accKept:
		if len(a.slot) >= n {
			return a
		}
	default:
	}
	if a, ok := accPool.Get().(*accumulator); ok && len(a.slot) >= n {
		return a
	}
	return &accumulator{slot: make([]accSlot, n)}
}

func (a *accumulator) add(n uint32, v float64) {
	sl := &a.slot[n]
	if sl.matched == 0 {
		a.touched = append(a.touched, n)
	}
	sl.score += v
	sl.matched++
}

func (a *accumulator) release() {
	for _, n := range a.touched {
		a.slot[n] = accSlot{}
	}
	a.touched = a.touched[:0]
	select {
	case accKept <- a:
	default:
		accPool.Put(a)
	}
}

// scoredTerm is one term of a question as bleve would search it: one index
// term with its boost, or the parts of a word the index does not hold,
// every one of which must stand in the article (bleve leaves the boost of
// such a conjunction unapplied).
type scoredTerm struct {
	parts []string
	boost float64
	idf   []float64
}

// topTerms returns the best size documents holding at least minMatch of
// the terms, with their scores, leaving out those of the laws drop reports
// (nil: none; dropKey names it, see scopeFilter), and how many documents
// matched in all.
func (ix *Index) topTerms(ctx context.Context, terms []wterm, minMatch, size int, dropKey string, drop func(*lawMeta) bool, avgLen float64) ([]candidate, uint64, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	top, count, err := ix.topScored(ctx, r, terms, minMatch, size, dropKey, drop, avgLen)
	if err != nil {
		return nil, 0, err
	}
	hits, err := externalIDs(r, top)
	return hits, count, err
}

// externalIDs makes candidates of the best documents, with their IDs.
func externalIDs(r bindex.IndexReader, top []scored) ([]candidate, error) {
	hits := make([]candidate, len(top))
	id := make(bindex.IndexInternalID, 8)
	for i, h := range top {
		id.SetValue(h.num)
		ext, err := r.ExternalID(id)
		if err != nil {
			return nil, fmt.Errorf("article %d: %w", h.num, err)
		}
		hits[i] = candidate{id: ext, num: h.num, score: h.score}
	}
	return hits, nil
}

// topScored is topTerms' work before the documents' IDs: the best size
// documents by number and score, best first, and how many matched.
func (ix *Index) topScored(ctx context.Context, r bindex.IndexReader, terms []wterm, minMatch, size int, dropKey string, drop func(*lawMeta) bool, avgLen float64) ([]scored, uint64, error) {
	st, err := ix.bm25()
	if err != nil {
		return nil, 0, err
	}
	if avgLen > 0 {
		st.avgLen = avgLen
	}
	if st.docs == 0 || size <= 0 {
		return nil, 0, nil
	}
	table, err := ix.docLaws()
	if err != nil {
		return nil, 0, err
	}
	dropped := table.dropSet(dropKey, drop)

	// The terms bleve would search (a word whose part is in no article
	// matches nothing and is left out, as termQuery leaves it), and the
	// query norm: one over the root of the sum of the squared weights.
	var sts []scoredTerm
	sumSq := 0.0
	for _, t := range terms {
		parts := []string{t.term}
		boost := t.boost
		if t.virtual {
			parts, boost = ix.terms(t.term), 1
		}
		dfs, err := ix.docFreqs(parts)
		if err != nil {
			return nil, 0, err
		}
		if len(parts) == 0 || slices.Contains(dfs, 0) {
			continue
		}
		s := scoredTerm{parts: parts, boost: boost}
		for _, df := range dfs {
			idf := bm25Idf(st.docs, uint64(df))
			s.idf = append(s.idf, idf)
			sumSq += (boost * idf) * (boost * idf)
		}
		sts = append(sts, s)
	}
	if len(sts) == 0 || sumSq == 0 {
		return nil, 0, nil
	}
	norm := 1 / math.Sqrt(sumSq)

	pre, err := ix.decodeAhead(ctx, r, sts, st)
	if err != nil {
		return nil, 0, err
	}
	acc := getAccumulator(len(table.law))
	defer acc.release()
	known := uint32(min(len(table.law), len(acc.slot)))
	for si, s := range sts {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		if len(s.parts) > 1 {
			err := ix.scoreParts(ctx, r, s, norm, st, func(n uint32, v float64) {
				if n < known && !dropped.has(n) {
					acc.add(n, v)
				}
			})
			if err != nil {
				return nil, 0, err
			}
			continue
		}
		// the loop every posting of every question goes through: no
		// call but the append of a new document
		p := pre[si]
		if p == nil {
			if p, err = ix.postingsOf(ctx, r, s.parts[0], s.idf[0], st); err != nil {
				return nil, 0, err
			}
		}
		weight := s.boost * s.idf[0] * norm
		for i, n := range p.nums {
			if n >= known || dropped.has(n) {
				continue
			}
			sl := &acc.slot[n]
			if sl.matched == 0 {
				acc.touched = append(acc.touched, n)
			}
			sl.score += p.vals[i] * weight
			sl.matched++
		}
	}

	total := float64(len(sts))
	best := topN{size: size}
	var count uint64
	for _, n := range acc.touched {
		sl := acc.slot[n]
		m := int(sl.matched)
		if m < minMatch {
			continue
		}
		count++
		best.offer(scored{num: uint64(n), score: sl.score * float64(m) / total})
	}
	return best.sorted(), count, nil
}

// decodeAhead decodes, on as many goroutines as there are processors (at
// most two), the postings of the question's single terms that are not in
// the cache, and returns them by term (nil: cached, or a word searched by
// its parts, which scoreParts reads from the cache); the parts' postings
// are decoded here too, into the cache. Decoding the postings of terms not
// met yet is most of a server's first searches (docs/performance.md,
// stage 7): for one user at a time the other core halves it. What is
// decoded, and so the answer, is the same in any order.
func (ix *Index) decodeAhead(ctx context.Context, r bindex.IndexReader, sts []scoredTerm, st bm25Stats) ([]*termPostings, error) {
	pre := make([]*termPostings, len(sts))
	if !decodeParallel {
		return pre, nil
	}
	type job struct {
		at   int // the single term's place in sts, -1 for a part
		term string
		idf  float64
	}
	var jobs []job
	seen := map[string]bool{}
	for i, s := range sts {
		for k, part := range s.parts {
			if seen[part] || ix.cachedScored(part, st) {
				continue
			}
			seen[part] = true
			at := -1
			if len(s.parts) == 1 {
				at = i
			}
			jobs = append(jobs, job{at, part, s.idf[k]})
		}
	}
	workers := min(runtime.GOMAXPROCS(0), 2, len(jobs))
	if workers < 2 {
		return pre, nil
	}
	var next atomic.Int64
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for {
				k := int(next.Add(1)) - 1
				if k >= len(jobs) || ctx.Err() != nil {
					return
				}
				p, err := ix.postingsOf(ctx, r, jobs[k].term, jobs[k].idf, st)
				if err != nil {
					errs[w] = err
					return
				}
				if jobs[k].at >= 0 {
					pre[jobs[k].at] = p
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return pre, errors.Join(errs...)
}

// decodeParallel: decodeAhead decodes on two goroutines; a test turns it
// off to compare.
var decodeParallel = true

// cachedScored reports whether a term's postings, scored as st scores
// them, are in the cache.
func (ix *Index) cachedScored(term string, st bm25Stats) bool {
	if st.avgLen != ix.bm25Stat.avgLen {
		term = postingsKey(term, st.avgLen)
	}
	return ix.postings.get(term) != nil
}

// scored is a document number and its score.
type scored struct {
	num   uint64
	score float64
}

// before orders by score, then by document number as bleve breaks ties.
func (a scored) before(b scored) bool {
	return a.score > b.score || (a.score == b.score && a.num < b.num)
}

// topN keeps the size best of what it is offered: a heap whose root is
// the worst kept.
type topN struct {
	size int
	h    []scored
}

func (t *topN) offer(s scored) {
	if len(t.h) < t.size {
		t.h = append(t.h, s)
		for i := len(t.h) - 1; i > 0; {
			p := (i - 1) / 2
			if !t.h[p].before(t.h[i]) {
				break
			}
			t.h[p], t.h[i] = t.h[i], t.h[p]
			i = p
		}
		return
	}
	if len(t.h) == 0 || !s.before(t.h[0]) {
		return
	}
	t.h[0] = s
	for i := 0; ; {
		worst, l, r := i, 2*i+1, 2*i+2
		if l < len(t.h) && t.h[worst].before(t.h[l]) {
			worst = l
		}
		if r < len(t.h) && t.h[worst].before(t.h[r]) {
			worst = r
		}
		if worst == i {
			return
		}
		t.h[i], t.h[worst] = t.h[worst], t.h[i]
		i = worst
	}
}

func (t *topN) sorted() []scored {
	slices.SortFunc(t.h, func(a, b scored) int {
		if a.before(b) {
			return -1
		}
		if b.before(a) {
			return 1
		}
		return 0
	})
	return t.h
}

// bm25Term is bleve's BM25 score of one term in one article, before the
// query weight: freq and norm as the postings hold them.
func bm25Term(idf float64, freq uint64, norm float64, st bm25Stats) float64 {
	tf := math.Sqrt(float64(freq))
	length := 1 / (norm * norm)
	return idf * (tf * search.BM25_k1) / (tf + search.BM25_k1*(1-search.BM25_b+search.BM25_b*length/st.avgLen))
}

// scoreParts reports, for each article holding every part of a word the
// index does not hold, the sum of the parts' scores (bleve's conjunction).
// The rarest part's articles are walked; the others are searched for
// each of them, as a conjunction advances its readers: parts such as 行政
// stand in a fifth of all articles.
func (ix *Index) scoreParts(ctx context.Context, r bindex.IndexReader, s scoredTerm, norm float64, st bm25Stats, emit func(uint32, float64)) error {
	order := make([]int, len(s.parts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(s.idf[b], s.idf[a]) })
	ps := make([]*termPostings, len(order))
	for i, k := range order {
		p, err := ix.postingsOf(ctx, r, s.parts[k], s.idf[k], st)
		if err != nil {
			return err
		}
		ps[i] = p
	}
	// at[i] is where part i's search for the next article starts
	at := make([]int, len(order))
	for j, n := range ps[0].nums {
		score := ps[0].vals[j] * s.idf[order[0]] * norm
		all := true
		for i := 1; i < len(order) && all; i++ {
			rest := ps[i].nums[at[i]:]
			k, found := slices.BinarySearch(rest, n)
			at[i] += k
			if at[i] == len(ps[i].nums) {
				return nil // a part stands in no later article
			}
			if !found {
				all = false
				break
			}
			score += ps[i].vals[at[i]] * s.idf[order[i]] * norm
		}
		if all {
			emit(n, score)
		}
	}
	return nil
}
