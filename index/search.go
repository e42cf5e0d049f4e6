package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"lawreview/corpus"
	"lawreview/corpus/segment"
)

// Query is a search of the law index.
type Query struct {
	Text   string   // words, "quoted phrases", -excluded words; or one article: 《物权法》第五十九条
	Law    string   // restrict to laws whose full or short name (or abbreviation) contains this ("" = all)
	Level  string   // one level, as Levels
	Levels []string // 法律, 行政法规, ...: any of these levels ("" = all)
	// Local regulations: only Region's when set; else those of every
	// province with AllRegions; else those of Province, the office's own
	// province; else none unless the levels ask for 地方性法规 by name.
	Region      string
	Province    string
	AllRegions  bool
	Status      string // current, superseded, repealed; "" = current unless AllVersions
	AllVersions bool   // search every version, in force first
	Phrase      bool   // the whole Text is one phrase that must appear as written
	From, Size  int    // pagination; Size 0 = DefaultSize
}

// Search limits.
const (
	DefaultSize = 10
	MaxSize     = 100
	// MaxFrom bounds the offset of a page: bleve allocates from+size
	// slots, so an unbounded offset is an allocation a client chooses; and
	// hits are ranked among the first maxWindow candidates, so no page
	// starts beyond them.
	MaxFrom = maxWindow
	// Phrases are verified against the stored text of the candidates,
	// so a phrase search looks at this many candidates at most.
	maxPhraseCandidates = 2000
	// Hits are ranked again (level of the law, whether every word of the
	// query is there) among this many candidates; pages beyond maxWindow
	// are not served.
	rankWindow = 150
	maxWindow  = 2000
	// A pasted paragraph keeps its rarest words only.
	maxSearchConcepts = 12
)

// Result is one page of hits.
type Result struct {
	Total     uint64        `json:"total"` // hits in all pages
	Exact     bool          `json:"exact"` // false when a phrase search hit maxPhraseCandidates
	From      int           `json:"from"`
	Size      int           `json:"size"`
	Hits      []Hit         `json:"hits"`
	Terms     []string      `json:"terms"` // the analysed terms searched for
	Took      time.Duration `json:"took_ns"`
	LawFilter []string      `json:"law_filter,omitempty"` // the law names --law matched
	// Lookup is set when the query named one article (《物权法》第五十九条)
	// and was answered with it, or with its successor.
	Lookup bool `json:"lookup,omitempty"`
	// Notice says in Chinese how the query was answered when that is not
	// plain: a repealed law's successor, local regulations left out.
	Notice string `json:"notice,omitempty"`
	// Scope says which local regulations were searched: "" (none), a
	// province, or "全部".
	Scope string `json:"scope,omitempty"`
	// Snapshot is the date of the newest text in the index: later
	// amendments are not in it.
	Snapshot string `json:"snapshot,omitempty"`
}

// Hit is one article, with what it takes to show it: its text is the
// corpus's (texts.go), the rest the index's.
type Hit struct {
	ID        string   `json:"id"`
	LawID     string   `json:"law_id"`
	Law       string   `json:"law"`
	ShortName string   `json:"short_name"`
	Article   string   `json:"article"` // 第二十条之一
	Number    int      `json:"number"`
	Sub       int      `json:"sub,omitempty"`
	Chapter   string   `json:"chapter,omitempty"`
	Text      string   `json:"text"`
	Level     string   `json:"level"`
	Region    string   `json:"region,omitempty"`
	Status    string   `json:"status"`
	Version   string   `json:"version,omitempty"` // 2006-01-02
	Score     float64  `json:"score"`
	Fragments []string `json:"fragments"` // HTML, matches in <mark>…</mark>
}

// InputError is a search the user must correct; its message is Chinese.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

// ErrEmptyQuery is returned for a query with nothing to search for.
var ErrEmptyQuery = &InputError{Msg: "请输入要检索的词语"}

// Ranking of search hits: the level of the law (a township adviser reads
// the national law first and the province's own regulations after it),
// whether the law's title names what the query asks about, and whether
// every word of the query is in the article.
var searchLevelWeight = map[string]float64{
	"宪法":    1.3,
	"法律":    1.6,
	"行政法规":  1.4,
	"司法解释":  1.0,
	"部门规章":  0.9,
	"地方性法规": 0.8,
	"其他":    0.5,
}

var (
	titleWeight         = 1.3  // the law's title has a word of the query
	titleExpansionWight = 1.15 // ... or a statutory word added for it
	chapterWeight       = 1.15 // the article's chapter heading names a concept of the query
	phraseWeight        = 3.0  // a quoted phrase stands in the article as written
)

// searchTrace, when a test sets it, sees a word search's candidates in
// the current ranking's final order, with their ranker, before the
// learned ranking orders their first 50 again (learn.go) and the page is
// cut.
var searchTrace func(ranked []candidate, rk *ranker)

// Search runs q and returns one page of hits, best first; quoted phrases
// no hit holds as written are searched as words (widen.go).
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	return ix.widened(ctx, q)
}

// search runs q as typed: a quoted phrase's words are required.
func (ix *Index) search(ctx context.Context, q Query) (*Result, error) {
	start := time.Now()
	size := q.Size
	if size <= 0 {
		size = DefaultSize
	}
	size = min(size, MaxSize)
	from := max(q.From, 0)
	if from > MaxFrom {
		return nil, &InputError{Msg: fmt.Sprintf("只能查看前 %d 条结果，请补充检索词缩小范围", MaxFrom)}
	}
	res := &Result{From: from, Size: size, Exact: true, Snapshot: ix.snapshot}

	pq := parseQuery(q.Text)
	if q.Phrase {
		if t := strings.TrimSpace(q.Text); t != "" {
			pq = parsedQuery{Phrases: []string{t}}
		}
	}
	if pq.empty() {
		return nil, ErrEmptyQuery
	}
	sf, err := ix.filters(q)
	if err != nil {
		return nil, err
	}
	filter := sf.filter
	res.LawFilter, res.Scope, res.Notice = sf.names, sf.scope, sf.notice

	if !q.Phrase && len(pq.Phrases) == 0 && len(pq.Exclude) == 0 {
		ids, note, ok, err := ix.lookup(ctx, q.Text)
		if err != nil {
			return nil, err
		}
		if ok {
			return ix.lookupResult(ctx, res, ids, note, start)
		}
	}

	single := utf8.RuneCountInString(strings.Join(append(pq.Words, pq.Phrases...), "")) == 1
	opts := termOptions{single: single, numbers: true}
	cs, err := ix.concepts(pq.Words, strings.Join(pq.Words, " "), opts)
	if err != nil {
		return nil, err
	}
	var phraseTerms [][]string
	seg, err := segment.Shared()
	if err != nil {
		return nil, err
	}
	for _, p := range pq.Phrases {
		ts, err := ix.wordTerms(seg, p, opts)
		if err != nil {
			return nil, err
		}
		for i := range ts {
			ts[i].boost *= 1.5
		}
		// every word of the phrase, as the articles were cut; whether it
		// stands as written is checked on the text (rank)
		phraseTerms = append(phraseTerms, ix.terms(p))
		if len(ts) > 0 {
			cs = append(cs, concept{word: p, terms: ts})
		}
	}
	if len(cs) > maxSearchConcepts {
		cs, err = ix.rarestConcepts(cs, maxSearchConcepts)
		if err != nil {
			return nil, err
		}
	}
	mark := map[string]bool{}
	// words the index does not hold as one term (户无男性) are marked as
	// written, like quoted phrases
	asWritten := slices.Clone(pq.Phrases)
	for _, c := range cs {
		for _, t := range c.terms {
			if !mark[t.term] {
				mark[t.term] = true
				res.Terms = append(res.Terms, t.term)
				if t.virtual {
					asWritten = append(asWritten, t.term)
				}
			}
		}
	}
	if len(cs) == 0 {
		return res, nil // only stop words, punctuation or one character: nothing can match
	}

	var must, mustNot []query.Query
	for _, ts := range phraseTerms {
		if len(ts) > 0 {
			must = append(must, conjunction(ts))
		}
	}
	for _, w := range pq.Exclude {
		if ts := ix.terms(w); len(ts) > 0 {
			mustNot = append(mustNot, conjunction(ts))
		}
	}
	// Candidates: articles holding any term, by bleve's BM25; then each is
	// scored again here on its text (see rank), which bleve cannot do: a
	// concept counts once however many of its alternatives an article has,
	// and an article lacking a concept of the query loses much of its score.
	all, err := ix.candidateTerms(cs)
	if err != nil {
		return nil, err
	}
	anyTerm, err := ix.weightedTerms(all)
	if err != nil {
		return nil, err
	}
	bq := bleve.NewBooleanQuery()
	bq.AddShould(anyTerm)
	bq.AddMust(must...)
	bq.AddMustNot(mustNot...)
	if filter != nil {
		bq.AddFilter(filter)
	}
	scoped, err := ix.scoped(bq, sf.dropKey, sf.drop)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	window := min(max(rankWindow, from+size), maxWindow)
	verify := len(pq.Phrases) > 0
	if verify {
		window = maxPhraseCandidates
	}
	var cands []candidate
	var total uint64
	if len(must) == 0 && len(mustNot) == 0 && filter == nil {
		// any term, nothing required or excluded: the postings are read
		// directly (see topTerms), scored with the articles' real mean
		// length (searchAvgTerms); a filtered search keeps bleve's
		cands, total, err = ix.topLoaded(ctx, all, window, sf.dropKey, sf.drop)
	} else {
		cands, total, err = ix.candidates(ctx, scoped, window, true)
	}
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	res.Total = total
	if impliedOn && !q.Phrase && len(must) == 0 && len(mustNot) == 0 && filter == nil && q.Status == "" && !q.AllVersions {
		// the articles of the laws the subject implies holding a word of
		// the query (implied.go)
		more, err := ix.impliedCandidates(cands, cs)
		if err != nil {
			return nil, fmt.Errorf("search %q: %w", q.Text, err)
		}
		cands = append(cands, more...)
	}
	ranked := cands
	if q.Phrase {
		// the whole text as one phrase: as written or not at all
		ranked = slices.DeleteFunc(cands, func(c candidate) bool { return !containsPhrases(c.text, pq.Phrases) })
	}
	var phrases []string
	if verify {
		phrases = pq.Phrases
	}
	rk, err := ix.rankAll(ctx, ranked, cs, phrases, asksPeriod(pq.Words))
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	counted := rk.terms
	if q.Phrase {
		res.Total = uint64(len(ranked))
		res.Exact = total <= maxPhraseCandidates
	}
	versions := q.AllVersions || q.Status != ""
	ix.sortCandidates(ranked, versions)
	if !q.Phrase && len(must) == 0 && len(mustNot) == 0 && !versions {
		// a search for words, all of them scored, in force only: the
		// first hit's other sources (relatives.go); a page beyond the
		// first works them out the same way
		if ranked, err = ix.withRelatives(ctx, ranked, rk, ix.regionName(q.Province)); err != nil {
			return nil, fmt.Errorf("search %q: %w", q.Text, err)
		}
		ix.sortCandidates(ranked, false)
	}
	if searchTrace != nil {
		searchTrace(ranked, rk)
	}
	if !q.Phrase && !versions {
		// the first 50 ordered again by the learned weights (learn.go)
		ix.learnedOrder(ranked, rk)
	}
	if from >= len(ranked) {
		res.Took = time.Since(start)
		return res, nil
	}
	for _, c := range ranked[from:min(len(ranked), from+size)] {
		hit := ix.hitOf(c)
		freq := make(map[string]int, len(counted))
		for i, t := range counted {
			freq[t] = c.tf[i]
		}
		hit.Fragments = fragments(ix.an, hit.Text, mark, freq, asWritten)
		res.Hits = append(res.Hits, hit)
	}
	res.Took = time.Since(start)
	return res, nil
}

// lookupResult is the answer to a query naming one article.
func (ix *Index) lookupResult(ctx context.Context, res *Result, ids []string, note string, start time.Time) (*Result, error) {
	// which local regulations would be searched does not matter here
	res.Lookup, res.Notice, res.Scope = true, note, ""
	var page []candidate
	for _, id := range ids {
		page = append(page, candidate{id: id, score: 1})
	}
	hits, err := ix.fetch(ctx, page)
	if err != nil {
		return nil, err
	}
	res.Hits = hits
	for i := range res.Hits {
		res.Hits[i].Fragments = fragments(ix.an, res.Hits[i].Text, nil, nil, nil)
	}
	res.Total = uint64(len(res.Hits))
	res.Took = time.Since(start)
	return res, nil
}

// weightedTerms matches an article holding any of the terms.
func (ix *Index) weightedTerms(ts []wterm) (*query.DisjunctionQuery, error) {
	qs := make([]query.Query, 0, len(ts))
	for _, t := range ts {
		tq, err := ix.termQuery(t)
		if err != nil {
			return nil, err
		}
		if tq != nil {
			qs = append(qs, tq)
		}
	}
	return bleve.NewDisjunctionQuery(qs...), nil
}

// searchAvgTerms is the mean number of terms in an article's text (54.9
// over every twentieth article of the whole collection, 8,918 articles,
// cut by the index analyzer), the mean length a search's candidates are
// scored with. bleve takes the mean to be its field's dictionary size over
// the documents, which is 1 on this index, so a 200-term article's scores
// were divided by about 180 and the long articles that often answer (a
// list of a 乡镇人民政府's 职权, of the matters a 村民委员会 must publish)
// seldom became candidates. Related articles keep bleve's scores: their
// judged on-point rate was measured with them (docs/index-benchmarks.md).
const searchAvgTerms = 55.0

// maxPieceShare: a piece of a typed word or a statutory word added for it
// in more than this share of the articles (政府 of 乡镇政府, 行政 of
// 行政协议, in a fifth to a quarter of them; 使用 added for 土地补偿费)
// does not bring an article among the candidates; rank still counts it in
// those that are.
var maxPieceShare = 0.05

// candidateTerms are the terms whose postings make the candidates: every
// term of every concept but the pieces and added words in more than
// maxPieceShare of the articles, unless a concept has nothing else.
// Walking such a term cost more than all the other terms of a query
// together and brought articles that share one common word with it.
func (ix *Index) candidateTerms(cs []concept) ([]wterm, error) {
	limit := int(maxPieceShare * float64(ix.docs))
	var out []wterm
	for _, c := range cs {
		var kept []wterm
		for _, t := range c.terms {
			if t.kind != ownTerm && !t.virtual {
				df, err := ix.docFreq(t)
				if err != nil {
					return nil, err
				}
				if df > limit {
					continue
				}
			}
			kept = append(kept, t)
		}
		if len(kept) == 0 {
			kept = c.terms
		}
		out = append(out, kept...)
	}
	return out, nil
}

// rarestConcepts keeps the n concepts whose rarest term is rarest: of a
// pasted paragraph, the words that tell its subject.
func (ix *Index) rarestConcepts(cs []concept, n int) ([]concept, error) {
	type cd struct {
		c  concept
		df int
	}
	var all []cd
	for _, c := range cs {
		best := -1
		for _, t := range c.terms {
			dfs, err := ix.docFreqs([]string{t.term})
			if err != nil {
				return nil, err
			}
			if best < 0 || dfs[0] < best {
				best = dfs[0]
			}
		}
		all = append(all, cd{c, best})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].df < all[j].df })
	out := make([]concept, 0, n)
	for _, x := range all[:n] {
		out = append(out, x.c)
	}
	return out, nil
}

// candidate is a hit before ranking: document ID, score, and what its
// stored fields hold when they were loaded.
type candidate struct {
	id    string
	num   uint64 // bleve's internal document number
	score float64
	art   string // packed article fields
	text  string
	tf    []int // how often each term ranked stands in text (see rankAll)
	// parts are rank's parts of the candidate when ranked is set: the
	// learned ranking reads them instead of working them out again
	parts  rankParts
	ranked bool
	// loaded: art and text hold the article's fields and text
	loaded bool
}

// candidates runs q for the best n documents by BM25, with their article
// fields and text when withFields: the corpus's (texts.go), since nothing
// but bleve's _id is stored.
func (ix *Index) candidates(ctx context.Context, q query.Query, n int, withFields bool) ([]candidate, uint64, error) {
	req := bleve.NewSearchRequestOptions(q, n, 0, false)
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, 0, err
	}
	out := make([]candidate, len(sr.Hits))
	for i, h := range sr.Hits {
		out[i] = candidate{id: h.ID, num: h.IndexInternalID.Value(), score: h.Score}
		if withFields {
			art, text, err := ix.article(h.ID)
			if err != nil {
				return nil, 0, err
			}
			out[i].art, out[i].text, out[i].loaded = art, text, true
		}
	}
	return out, sr.Total, nil
}

// loadFields loads the stored fields of the candidates.
func (ix *Index) loadFields(ctx context.Context, cands []candidate) error {
	if len(cands) == 0 {
		return nil
	}
	if fieldsByNum {
		if ok, err := ix.loadFieldsByNum(cands); ok || err != nil {
			return err
		}
	}
	ids := make([]string, len(cands))
	for i, c := range cands {
		ids[i] = c.id
	}
	req := bleve.NewSearchRequestOptions(ix.docIDQuery(ids), len(ids), 0, false)
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return fmt.Errorf("load %d articles: %w", len(ids), err)
	}
	byID := make(map[string]*search.DocumentMatch, len(sr.Hits))
	for _, h := range sr.Hits {
		byID[h.ID] = h
	}
	for i := range cands {
		if h := byID[cands[i].id]; h != nil {
			art, text, err := ix.article(h.ID)
			if err != nil {
				return err
			}
			cands[i].art, cands[i].text, cands[i].loaded = art, text, true
		}
	}
	return nil
}

// fieldsByNum: stored fields are read by document number (loadFieldsByNum);
// a test turns it off to compare with the document-id search.
var fieldsByNum = true

// loadFieldsByNum reads the stored fields of candidates whose document
// numbers the postings walk gave, straight from their segments. A
// document-id search found each number again through the _id field's
// dictionary, a quarter of a warm clause search's CPU (docs/performance.md,
// stage 5); the index never changes once open, so the numbers hold. Each
// document's stored _id is checked against the candidate's: on any
// mismatch, or a reader that is not scorch's, it reports false and the
// caller searches by id as before.
func (ix *Index) loadFieldsByNum(cands []candidate) (bool, error) {
	r, err := ix.reader()
	if err != nil {
		return false, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return false, nil
	}
	segs := snap.Segments()
	offsets, running := segmentOffsets(segs)
	art := make([]string, len(cands))
	text := make([]string, len(cands))
	for i, c := range cands {
		if c.id == "" {
			return false, nil
		}
		got, ok, err := ix.storedAt(segs, offsets, running, c.num)
		if err != nil {
			return false, fmt.Errorf("article %s: %w", c.id, err)
		}
		if !ok || got.id != c.id {
			return false, nil
		}
		art[i], text[i] = got.art, got.text
	}
	for i := range cands {
		cands[i].art, cands[i].text, cands[i].loaded = art[i], text[i], true
	}
	return true, nil
}

// topLoaded is topTerms (one term at least, scored with searchAvgTerms)
// with the candidates' stored fields loaded. A candidate's ID is read with
// its fields, in one visit of its stored document: topTerms read it in a
// visit of its own, and loadFields the document again (the IDs were ~5 %
// of a clause search's CPU). Where the fields cannot be read by number
// (see loadFieldsByNum), the IDs are looked up and the fields loaded as
// before.
func (ix *Index) topLoaded(ctx context.Context, terms []wterm, size int, dropKey string, drop func(*lawMeta) bool) ([]candidate, uint64, error) {
	r, err := ix.reader()
	if err != nil {
		return nil, 0, err
	}
	defer r.Close()
	top, count, err := ix.topScored(ctx, r, terms, 1, size, dropKey, drop, searchAvgTerms)
	if err != nil {
		return nil, 0, err
	}
	if snap, ok := r.(*scorch.IndexSnapshot); ok && fieldsByNum {
		segs := snap.Segments()
		offsets, running := segmentOffsets(segs)
		cands := make([]candidate, len(top))
		all := true
		for i, h := range top {
			got, ok, err := ix.storedAt(segs, offsets, running, h.num)
			if err != nil {
				return nil, 0, fmt.Errorf("article %d: %w", h.num, err)
			}
			if !ok || got.id == "" {
				all = false
				break
			}
			got.score = h.score
			cands[i] = got
		}
		if all {
			return cands, count, nil
		}
	}
	cands, err := externalIDs(r, top)
	if err == nil {
		err = ix.loadFields(ctx, cands)
	}
	return cands, count, err
}

// lawDirect: a law's articles are read by document number
// (lawArticles); a test turns it off to compare with the search by tag.
var lawDirect = true

// lawArticles reads the stored fields of a law's articles by their
// document numbers (the document-law table's), in the order a search for
// the law's tag gives them (all score alike, so by number), unless the law
// has more than maxLawArticles. The search loaded each article as a whole
// bleve document; a relative question's first use of a law (its citations,
// 民法典's 1,260 articles) was a tenth of a server's first searches' CPU.
// It reports false when the caller should search by tag.
func (ix *Index) lawArticles(lawID string) ([]candidate, bool, error) {
	if !lawDirect {
		return nil, false, nil
	}
	t, err := ix.docLaws()
	if err != nil {
		return nil, false, err
	}
	nums := t.docs[lawID]
	if len(nums) > maxLawArticles {
		return nil, false, nil
	}
	r, err := ix.reader()
	if err != nil {
		return nil, false, err
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, false, nil
	}
	segs := snap.Segments()
	offsets, running := segmentOffsets(segs)
	out := make([]candidate, len(nums))
	for i, n := range nums {
		c, ok, err := ix.storedAt(segs, offsets, running, uint64(n))
		if err != nil {
			return nil, false, fmt.Errorf("articles of %s: %w", lawID, err)
		}
		if !ok {
			return nil, false, nil
		}
		out[i] = c
	}
	return out, true, nil
}

// storedAt reads the stored _id of document num, by its segment (offsets
// and running from segmentOffsets), as a candidate whose article and text
// are still to be read (Index.storedAt does); ok is false when num
// lies beyond the segments or the document is deleted, and the caller
// should search by id or tag instead.
func storedAt(segs []*scorch.SegmentSnapshot, offsets []uint64, running, num uint64) (candidate, bool, error) {
	c := candidate{num: num, loaded: true}
	si := sort.Search(len(offsets), func(x int) bool { return offsets[x] > num }) - 1
	if num >= running || si < 0 || segs[si].Deleted() != nil && segs[si].Deleted().Contains(uint32(num-offsets[si])) {
		return c, false, nil
	}
	err := segs[si].VisitDocument(num-offsets[si], func(field string, _ byte, val []byte, _ []uint64) bool {
		// Never stop the visit at _id: zap (zapx v17.2.5, segment.go
		// visitStoredFields) then puts its pooled reader back twice, and
		// two goroutines later share it — reads fail with EOF at random
		// (TestStoredAtConcurrent; the upstream report is
		// docs/upstream-zapx.md). Nothing else is stored, so visiting on
		// costs nothing.
		if field == "_id" {
			c.id = string(val)
		}
		return true
	})
	return c, err == nil, err
}

// segmentOffsets are where each segment's document numbers start, as
// scorch numbers them, and where the last one's end.
func segmentOffsets(segs []*scorch.SegmentSnapshot) ([]uint64, uint64) {
	offsets := make([]uint64, len(segs))
	var running uint64
	for i, sg := range segs {
		offsets[i] = running
		running += uint64(sg.FullSize())
	}
	return offsets, running
}

// hitOf makes a hit of a candidate whose fields were loaded.
func (ix *Index) hitOf(c candidate) Hit {
	label, number, sub, chapter := unpackArt(c.art)
	hit := Hit{ID: c.id, LawID: lawIDOf(c.id), Article: label, Number: number, Sub: sub, Chapter: chapter, Text: c.text, Score: c.score}
	if m := ix.laws[hit.LawID]; m != nil {
		hit.Law, hit.Level, hit.Region, hit.Status, hit.Version = m.Name, m.Level, m.Region, m.Status, m.Version
		hit.ShortName = m.Short
	}
	return hit
}

// sortCandidates orders by score, the versions in force first when
// several versions are searched.
func (ix *Index) sortCandidates(cs []candidate, versions bool) {
	rank := func(c *candidate) int {
		if !versions {
			return 0
		}
		if m := ix.laws[lawIDOf(c.id)]; m != nil && m.Status == string(corpus.StatusCurrent) {
			return 0
		}
		return 1
	}
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := &cs[i], &cs[j]
		if ra, rb := rank(a), rank(b); ra != rb {
			return ra < rb
		}
		return a.score > b.score
	})
}

// fetch loads the stored fields of a page of candidates, in their order;
// a candidate no longer in the index is left out.
func (ix *Index) fetch(ctx context.Context, page []candidate) ([]Hit, error) {
	page = slices.Clone(page)
	if err := ix.loadFields(ctx, page); err != nil {
		return nil, err
	}
	out := make([]Hit, 0, len(page))
	for _, c := range page {
		if c.loaded {
			out = append(out, ix.hitOf(c))
		}
	}
	return out, nil
}

// containsPhrases checks each phrase against the article as written,
// ignoring spaces and width, so “违者罚款” matches 违者 罚款 and ２００元 200元.
func containsPhrases(text string, phrases []string) bool {
	norm := func(s string) string {
		return strings.Map(func(r rune) rune {
			if isQuerySpace(r) {
				return -1
			}
			return r
		}, foldWidth(s))
	}
	t := norm(text)
	for _, p := range phrases {
		if !strings.Contains(t, norm(p)) {
			return false
		}
	}
	return true
}

func conjunction(terms []string) query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(fText)
		qs[i] = tq
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewConjunctionQuery(qs...)
}

// termsQuery is a disjunction of term queries on the text field of which
// at least min must match.
func termsQuery(terms []string, min int) query.Query {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(fText)
		qs[i] = tq
	}
	d := bleve.NewDisjunctionQuery(qs...)
	d.SetMin(float64(min))
	return d
}

func kwQuery(field, value string) query.Query {
	tq := bleve.NewTermQuery(value)
	tq.SetField(field)
	return tq
}

// levelNames are the levels of the index, with the other names users give
// them; --level and the web form accept any of these.
var levelNames = map[string]string{
	"宪法": "宪法", "法律": "法律", "行政法规": "行政法规", "地方性法规": "地方性法规",
	"司法解释": "司法解释", "部门规章": "部门规章", "其他": "其他",
	"地方法规": "地方性法规", "规章": "部门规章", "部委规章": "部门规章", "法规": "行政法规",
}

// Levels lists the levels in the order users see them.
var Levels = []string{"宪法", "法律", "行政法规", "司法解释", "部门规章", "地方性法规", "其他"}

// ParseLevels reads a level filter: names separated by commas, spaces or
// 、, each a level or one of its other names.
func ParseLevels(s string) ([]string, error) {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || isQuerySpace(r) }) {
		l, ok := levelNames[f]
		if !ok {
			return nil, &InputError{Msg: fmt.Sprintf("未知的法律层级“%s”（可用：%s）", f, strings.Join(Levels, "、"))}
		}
		if !slices.Contains(out, l) {
			out = append(out, l)
		}
	}
	return out, nil
}

// scopeFilter is what restricts a search without scoring: filter (nil =
// none) must match, and the articles of the laws drop reports are left
// out as they come out of the postings (see scope.go).
type scopeFilter struct {
	filter query.Query
	drop   func(*lawMeta) bool
	// dropKey names what drop leaves out: the laws it drops are worked
	// out once per key, not once per search
	dropKey string
	names   []string // the law names the Law filter matched
	scope   string   // which local regulations were searched: "", a province, 全部
	notice  string   // when none were
}

// filters returns the non-scoring restrictions of q.
func (ix *Index) filters(q Query) (sf scopeFilter, err error) {
	var fs []query.Query
	var drops []func(*lawMeta) bool
	var keys []string // what each of drops leaves out, in words (see scopeFilter)
	var names []string
	var scope, notice string
	status := q.Status
	if status == "" && !q.AllVersions {
		status = string(corpus.StatusCurrent)
	}
	if status != "" {
		switch corpus.Status(status) {
		case corpus.StatusCurrent, corpus.StatusSuperseded, corpus.StatusRepealed:
		default:
			return sf, &InputError{Msg: fmt.Sprintf("未知的效力状态“%s”（可用：current 现行有效、superseded 已被修改、repealed 已废止）", status)}
		}
		if status == string(corpus.StatusCurrent) {
			// in force: most articles, so left out by law, not asked for
			drops = append(drops, func(m *lawMeta) bool { return m.Status != status })
			keys = append(keys, "in force")
		} else {
			fs = append(fs, kwQuery(fTags, tagStatus+status))
		}
	}
	levels, err := ParseLevels(strings.Join(append([]string{q.Level}, q.Levels...), ","))
	if err != nil {
		return sf, err
	}
	if len(levels) > 0 {
		fs = append(fs, anyOf(fTags, tagLevel, levels))
	}
	local := len(levels) == 0 || slices.Contains(levels, "地方性法规")
	region, province := ix.regionName(q.Region), ix.regionName(q.Province)
	switch {
	case region != "":
		fs = append(fs, kwQuery(fTags, tagRegion+region))
		scope = region
	case !local:
	case q.AllRegions || (province == "" && slices.Contains(levels, "地方性法规")):
		scope = "全部"
	case province != "":
		// national law, and the office's own province's regulations
		drops = append(drops, func(m *lawMeta) bool { return m.Region != "" && m.Region != province })
		keys = append(keys, "province "+province)
		scope = province
		if !ix.hasRegion(province) {
			notice = fmt.Sprintf("索引中没有%s的地方性法规", province)
		}
	default:
		drops = append(drops, func(m *lawMeta) bool { return m.Level == "地方性法规" })
		keys = append(keys, "no local")
		notice = "未检索地方性法规（未设置所在省份）"
	}
	if q.Law != "" {
		names, err = ix.matchLaws(q.Law)
		if err != nil {
			return sf, err
		}
		if len(names) == 0 {
			return sf, &InputError{Msg: fmt.Sprintf("索引中没有名称含“%s”的法律", q.Law)}
		}
		var ors []query.Query
		seen := map[string]bool{}
		for _, n := range names {
			for _, id := range ix.lawIDs[n] {
				if !seen[id] {
					seen[id] = true
					ors = append(ors, kwQuery(fTags, tagLaw+id))
				}
			}
		}
		if len(ors) == 1 {
			fs = append(fs, ors[0])
		} else {
			fs = append(fs, bleve.NewDisjunctionQuery(ors...))
		}
	}
	sf.names, sf.scope, sf.notice = names, scope, notice
	if len(drops) > 0 {
		sf.dropKey = strings.Join(keys, "; ")
		sf.drop = func(m *lawMeta) bool {
			for _, d := range drops {
				if d(m) {
					return true
				}
			}
			return false
		}
	}
	switch len(fs) {
	case 0:
	case 1:
		sf.filter = fs[0]
	default:
		sf.filter = bleve.NewConjunctionQuery(fs...)
	}
	return sf, nil
}

// NormalizeProvince reduces a province's name to the form the corpus
// files regulations under: 浙江省 and 浙江 are 浙江, 北京市 is 北京,
// 广西壮族自治区 is 广西.
func NormalizeProvince(s string) string {
	s = strings.TrimSpace(s)
	for _, suf := range []string{"壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "特别行政区", "省", "市"} {
		if t, ok := strings.CutSuffix(s, suf); ok && t != "" {
			return t
		}
	}
	return s
}

// regionName is the name the index files a province's regulations under:
// the name as given when the index knows it, else its normalised form.
func (ix *Index) regionName(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || ix.regions[s] {
		return s
	}
	return NormalizeProvince(s)
}

// Regions lists the provinces whose local regulations the index holds.
func (ix *Index) Regions() []string {
	out := make([]string, 0, len(ix.regions))
	for r := range ix.regions {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// hasRegion reports whether the index holds regulations of a province.
func (ix *Index) hasRegion(region string) bool { return ix.regions[region] }

// anyOf matches a keyword field holding prefix+v for any v of vs.
func anyOf(field, prefix string, vs []string) query.Query {
	if len(vs) == 1 {
		return kwQuery(field, prefix+vs[0])
	}
	qs := make([]query.Query, len(vs))
	for i, v := range vs {
		qs[i] = kwQuery(field, prefix+v)
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// maxLawMatches bounds the laws a --law filter may stand for: 条例 alone
// would match thousands.
const maxLawMatches = 200

// matchLaws finds the law names (full or short) for a --law value: the
// exact name if there is one, else every name containing it. The value is
// read as the law command reads a name: 《》, 中华人民共和国, a version note
// and common abbreviations (村委会组织法) are all understood.
func (ix *Index) matchLaws(s string) ([]string, error) {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "《》"))
	canon := corpus.CanonicalName(s)
	for _, want := range []string{s, strings.TrimPrefix(s, "中华人民共和国"), canon} {
		if len(ix.lawIDs[want]) > 0 {
			return []string{want}, nil
		}
	}
	var out []string
	for _, k := range ix.lawNames {
		if strings.Contains(k, canon) || strings.Contains(corpus.CanonicalName(k), canon) {
			out = append(out, k)
		}
	}
	if len(out) > maxLawMatches {
		return nil, &InputError{Msg: fmt.Sprintf("名称含“%s”的法律有 %d 部，请写得更具体一些", s, len(out))}
	}
	return out, nil
}

// selectTerms keeps the terms worth searching for: present in the index,
// in at most maxShare of the articles, and at most max of them, rarest
// first. Very frequent words (的 is gone already; 应当, 规定, 法律 remain)
// touch tens of thousands of postings and barely change the ranking, so
// dropping them from the query, not the index, is what keeps a query fast.
// When every term is that frequent the rarest minKeep are kept anyway.
func (ix *Index) selectTerms(terms []string, max int, maxShare float64, minKeep int) ([]string, error) {
	dfs, err := ix.docFreqs(terms)
	if err != nil {
		return nil, err
	}
	type td struct {
		t  string
		df int
	}
	var cand []td
	for i, t := range terms {
		if dfs[i] > 0 {
			cand = append(cand, td{t, dfs[i]})
		}
	}
	sort.SliceStable(cand, func(i, j int) bool { return cand[i].df < cand[j].df })
	limit := int(maxShare * float64(ix.docs))
	keep := 0
	for keep < len(cand) && keep < max && (cand[keep].df <= limit || keep < minKeep) {
		keep++
	}
	out := make([]string, keep)
	for i := range out {
		out[i] = cand[i].t
	}
	return out, nil
}

func str(v interface{}) string {
	s, _ := v.(string)
	return s
}

// IsInputError reports whether err is a mistake in the query that the
// user should correct (exit code 2 in the CLI, 400 on the web).
func IsInputError(err error) bool {
	var ie *InputError
	return errors.As(err, &ie)
}
