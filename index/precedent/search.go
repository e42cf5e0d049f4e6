package precedent

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/highlight/format/html"
	"github.com/blevesearch/bleve/v2/search/query"

	"lawreview/review/precedent"
)

// Query is a search of precedents. Every filter is optional.
type Query struct {
	Text       string // words or a pasted clause; "" lists by date, newest first
	DocType    string
	Township   string
	Rule       string
	Verdict    string // 违法, 合法
	Conclusion string
	Source     string // review, import
	From, To   string // date range, YYYY-MM-DD, inclusive
	Offset     int
	Size       int  // 0 = DefaultSize
	Facets     bool // count hits per value of FacetFields
	Scope      *Scope
}

// Scope is what one reader may see of the precedents that come from
// reviews: those of Townships whole, every other one anonymised (its
// sentence, title, township and reason hidden, long digit runs of its
// clause masked: precedent.Anonymized). Imported and public precedents are
// published cases, always whole. A search with a Scope matches an anonymised
// precedent only on what its reader sees of it (the clause without long
// digit runs, and the problem), never filters it by township and never
// counts it in the township facet: otherwise the hits, totals and facets
// would tell the hidden fields (issue 14, defect 5). nil: everything whole.
type Scope struct {
	Townships []string
}

// open matches the precedents a Scope shows whole.
func (sc *Scope) open() query.Query {
	qs := []query.Query{kw(fSource, precedent.SourceImport), kw(fSource, precedent.SourcePublic)}
	for _, t := range sc.Townships {
		qs = append(qs, kw(fTownship, t))
	}
	return bleve.NewDisjunctionQuery(qs...)
}

// publicFields are what an anonymised precedent shows of its text.
var publicFields = map[string]float64{fClause: 3, fProblem: 1}

// publicTerms drops the terms holding a run of six digits or more: the
// clause of an anonymised precedent shows them masked, and a match would
// confirm an identity number or a telephone number it hides.
func publicTerms(terms []string) []string {
	var out []string
	for _, t := range terms {
		run, long := 0, false
		for _, r := range t {
			if unicode.IsDigit(r) || r == 'x' || r == 'X' {
				run++
				long = long || run >= 6
			} else {
				run = 0
			}
		}
		if !long {
			out = append(out, t)
		}
	}
	return out
}

// scoped matches full on the precedents sc shows whole and public on all:
// what each reader may search.
func scoped(sc *Scope, full, public query.Query) query.Query {
	if sc == nil {
		return full
	}
	whole := bleve.NewConjunctionQuery(full, sc.open())
	if public == nil {
		return whole
	}
	return bleve.NewDisjunctionQuery(whole, public)
}

// Search limits.
const (
	DefaultSize = 20
	MaxSize     = 100
	// MaxOffset bounds the offset of a page: bleve allocates offset+size
	// slots, and a huge offset made it panic (makeslice) mid-search.
	MaxOffset   = 10000
	maxTerms    = 32 // a pasted paragraph is cut to its first distinct words
	maxTextRune = 2000
	facetSize   = 30
)

// Result is one page of hits.
type Result struct {
	Total  uint64                 `json:"total"`
	Offset int                    `json:"offset"`
	Size   int                    `json:"size"`
	Hits   []Hit                  `json:"hits"`
	Facets map[string][]FacetTerm `json:"facets,omitempty"`
	Took   time.Duration          `json:"took_ns"`
}

// FacetTerm is one value of a facet and how many hits have it.
type FacetTerm struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Hit is one precedent found.
type Hit struct {
	Precedent precedent.Precedent `json:"precedent"`
	Score     float64             `json:"score"`
	// Fragments are HTML (escaped, matches in <mark>) by field: clause,
	// sentence, problem.
	Fragments map[string][]string `json:"fragments,omitempty"`
}

// InputError is a query the user must correct; Msg is Chinese.
type InputError struct{ Msg string }

func (e *InputError) Error() string { return e.Msg }

func parseDay(s, name string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), time.UTC)
	if err != nil {
		return time.Time{}, &InputError{Msg: fmt.Sprintf("%s“%s”格式不对，应为 年-月-日，例如 2025-03-18", name, s)}
	}
	return t, nil
}

func kw(field, value string) query.Query {
	q := bleve.NewTermQuery(value)
	q.SetField(field)
	return q
}

func (q *Query) filters() ([]query.Query, error) {
	var fs []query.Query
	for _, f := range []struct{ field, value string }{
		{fDocType, q.DocType}, {fRule, q.Rule}, {fVerdict, q.Verdict},
		{fConclusion, q.Conclusion}, {fSource, q.Source},
	} {
		if v := strings.TrimSpace(f.value); v != "" {
			fs = append(fs, kw(f.field, v))
		}
	}
	if v := strings.TrimSpace(q.Township); v != "" {
		// An anonymised precedent shows no township: it is never found by one.
		fs = append(fs, scoped(q.Scope, kw(fTownship, v), nil))
	}
	if q.From != "" || q.To != "" {
		var start, end time.Time
		var err error
		if q.From != "" {
			if start, err = parseDay(q.From, "起始日期"); err != nil {
				return nil, err
			}
		}
		if q.To != "" {
			if end, err = parseDay(q.To, "截止日期"); err != nil {
				return nil, err
			}
			end = end.AddDate(0, 0, 1) // inclusive of the whole day
		}
		if !start.IsZero() && !end.IsZero() && !start.Before(end) {
			return nil, &InputError{Msg: "起始日期晚于截止日期"}
		}
		incl, excl := true, false
		dq := bleve.NewDateRangeInclusiveQuery(start, end, &incl, &excl)
		dq.SetField(fDate)
		fs = append(fs, dq)
	}
	return fs, nil
}

// terms analyses text like the indexed fields and returns its distinct
// terms in order, at most maxTerms.
func (ix *Index) terms(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range ix.an.Analyze([]byte(text)) {
		s := string(t.Term)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
			if len(out) == maxTerms {
				break
			}
		}
	}
	return out
}

// textQuery matches any of the terms in the clause (weighted most), the
// sentence, the reviewer's wording and the title. min is the share of
// terms a clause must match (0 = any).
func textQuery(terms []string, fields map[string]float64) query.Query {
	var qs []query.Query
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	for _, f := range names {
		for _, t := range terms {
			tq := bleve.NewTermQuery(t)
			tq.SetField(f)
			tq.SetBoost(fields[f])
			qs = append(qs, tq)
		}
	}
	return bleve.NewDisjunctionQuery(qs...)
}

var searchFields = map[string]float64{fClause: 3, fSentence: 1, fProblem: 1, fTitle: 0.5}

// Search runs q: one page of hits, best first (newest first without text),
// with highlighted fragments and, when asked, facet counts.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	start := time.Now()
	size := q.Size
	if size <= 0 {
		size = DefaultSize
	}
	size = min(size, MaxSize)
	offset := max(q.Offset, 0)
	if offset > MaxOffset {
		return nil, &InputError{Msg: fmt.Sprintf("只能查看前 %d 条结果，请补充检索词或筛选条件缩小范围", MaxOffset)}
	}
	text := strings.TrimSpace(q.Text)
	if utf8.RuneCountInString(text) > maxTextRune {
		return nil, &InputError{Msg: fmt.Sprintf("检索内容不超过 %d 字", maxTextRune)}
	}
	filters, err := q.filters()
	if err != nil {
		return nil, err
	}
	bq := bleve.NewBooleanQuery()
	var terms []string
	if text != "" {
		terms = ix.terms(text)
		if len(terms) == 0 {
			return &Result{Offset: offset, Size: size, Hits: []Hit{}}, nil
		}
		var public query.Query
		if pt := publicTerms(terms); q.Scope != nil && len(pt) > 0 {
			public = textQuery(pt, publicFields)
		}
		bq.AddMust(scoped(q.Scope, textQuery(terms, searchFields), public))
	} else {
		bq.AddMust(bleve.NewMatchAllQuery())
	}
	// bleve keeps one filter per boolean query (AddFilter replaces it):
	// the filters go in as one conjunction, or only the last would hold.
	if len(filters) > 0 {
		bq.AddFilter(bleve.NewConjunctionQuery(filters...))
	}
	req := bleve.NewSearchRequestOptions(bq, size, offset, false)
	req.Fields = []string{fRaw}
	if text == "" {
		req.SortBy([]string{"-" + fDate, "_id"})
	} else {
		req.SortBy([]string{"-_score", "-" + fDate, "_id"})
		req.Highlight = bleve.NewHighlightWithStyle(html.Name)
		req.Highlight.Fields = []string{fClause, fSentence, fProblem}
	}
	if q.Facets {
		for _, f := range FacetFields {
			if f == fTownship && q.Scope != nil {
				continue // counted below, over what the reader sees whole
			}
			req.AddFacet(f, bleve.NewFacetRequest(f, facetSize))
		}
	}
	sr, err := ix.search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search precedents %q: %w", text, err)
	}
	if q.Facets && q.Scope != nil {
		tq := bleve.NewBooleanQuery()
		tq.AddMust(bq)
		tq.AddFilter(q.Scope.open())
		treq := bleve.NewSearchRequestOptions(tq, 0, 0, false)
		treq.AddFacet(fTownship, bleve.NewFacetRequest(fTownship, facetSize))
		tr, err := ix.search(ctx, treq)
		if err != nil {
			return nil, fmt.Errorf("count townships of %q: %w", text, err)
		}
		if sr.Facets == nil {
			sr.Facets = search.FacetResults{}
		}
		sr.Facets[fTownship] = tr.Facets[fTownship]
	}
	res := &Result{Total: sr.Total, Offset: offset, Size: size, Hits: make([]Hit, 0, len(sr.Hits))}
	for _, h := range sr.Hits {
		hit, err := hitFrom(h)
		if err != nil {
			return nil, err
		}
		res.Hits = append(res.Hits, hit)
	}
	if q.Facets {
		res.Facets = map[string][]FacetTerm{}
		for name, fr := range sr.Facets {
			var ts []FacetTerm
			if fr.Terms != nil {
				for _, t := range fr.Terms.Terms() {
					if t.Term != "" {
						ts = append(ts, FacetTerm{Value: t.Term, Count: t.Count})
					}
				}
			}
			res.Facets[name] = ts
		}
	}
	res.Took = time.Since(start)
	return res, nil
}

func hitFrom(h *search.DocumentMatch) (Hit, error) {
	p, err := fromRaw(h.Fields[fRaw])
	if err != nil {
		return Hit{}, fmt.Errorf("hit %s: %w", h.ID, err)
	}
	hit := Hit{Precedent: p, Score: h.Score}
	if len(h.Fragments) > 0 {
		hit.Fragments = map[string][]string{}
		for f, fr := range h.Fragments {
			hit.Fragments[f] = fr
		}
	}
	return hit, nil
}

// MoreLikeThis returns the n precedents whose clause or sentence shares the
// most words with text, best first. exclude (an id) is left out, so that a
// precedent's page does not list itself.
func (ix *Index) MoreLikeThis(ctx context.Context, text string, n int, exclude string) ([]Hit, error) {
	return ix.MoreLikeThisIn(ctx, text, n, exclude, nil)
}

// MoreLikeThisIn is MoreLikeThis for a reader with a Scope: precedents it
// shows anonymised are compared on their clause alone.
func (ix *Index) MoreLikeThisIn(ctx context.Context, text string, n int, exclude string, sc *Scope) ([]Hit, error) {
	terms := ix.terms(text)
	if len(terms) == 0 || n <= 0 {
		return nil, nil
	}
	like := func(ts []string, fields map[string]float64) query.Query {
		dq := textQuery(ts, fields)
		// A long clause must share a fair part of its words, or every
		// precedent with 村民 in it would come back.
		if len(ts) >= 6 {
			dq.(*query.DisjunctionQuery).SetMin(float64(max(2, len(ts)/4)))
		}
		return dq
	}
	var public query.Query
	if pt := publicTerms(terms); sc != nil && len(pt) > 0 {
		public = like(pt, map[string]float64{fClause: 2})
	}
	req := bleve.NewSearchRequestOptions(scoped(sc, like(terms, map[string]float64{fClause: 2, fSentence: 1}), public), n+1, 0, false)
	req.Fields = []string{fRaw}
	sr, err := ix.search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("more like %q: %w", text, err)
	}
	var out []Hit
	for _, h := range sr.Hits {
		if h.ID == exclude {
			continue
		}
		hit, err := hitFrom(h)
		if err != nil {
			return nil, err
		}
		out = append(out, hit)
		if len(out) == n {
			break
		}
	}
	return out, nil
}

// Similar returns up to precedent.Shown precedents most like clause,
// ranked by wording (precedent.Rank) among the index's best candidates,
// and the negative precedent that makes a finding of rule likely lawful
// (nil when none, and always for a grave rule: precedent.LikelyLawfulFor).
func (ix *Index) Similar(ctx context.Context, clause, rule string, grave bool) ([]precedent.Scored, *precedent.Scored, error) {
	return ix.SimilarIn(ctx, clause, rule, grave, nil)
}

// SimilarIn is Similar for a reader with a Scope (MoreLikeThisIn).
func (ix *Index) SimilarIn(ctx context.Context, clause, rule string, grave bool, sc *Scope) ([]precedent.Scored, *precedent.Scored, error) {
	hits, err := ix.MoreLikeThisIn(ctx, clause, 12, "", sc)
	if err != nil {
		return nil, nil, err
	}
	cands := make([]precedent.Precedent, len(hits))
	for i, h := range hits {
		cands[i] = h.Precedent
	}
	ranked := precedent.Rank(clause, cands)
	lawful := precedent.LikelyLawfulFor(rule, grave, ranked)
	if lawful != nil {
		l := *lawful
		lawful = &l
	}
	if len(ranked) > precedent.Shown {
		ranked = ranked[:precedent.Shown]
	}
	return ranked, lawful, nil
}

// Get returns one indexed precedent.
func (ix *Index) Get(ctx context.Context, id string) (*precedent.Precedent, error) {
	q := bleve.NewDocIDQuery([]string{id})
	req := bleve.NewSearchRequestOptions(q, 1, 0, false)
	req.Fields = []string{fRaw}
	sr, err := ix.search(ctx, req)
	if err != nil {
		return nil, err
	}
	if len(sr.Hits) == 0 {
		return nil, nil
	}
	h, err := hitFrom(sr.Hits[0])
	if err != nil {
		return nil, err
	}
	return &h.Precedent, nil
}
