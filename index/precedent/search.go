package precedent

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
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
		{fDocType, q.DocType}, {fTownship, q.Township}, {fRule, q.Rule}, {fVerdict, q.Verdict},
		{fConclusion, q.Conclusion}, {fSource, q.Source},
	} {
		if v := strings.TrimSpace(f.value); v != "" {
			fs = append(fs, kw(f.field, v))
		}
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
		bq.AddMust(textQuery(terms, searchFields))
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
			req.AddFacet(f, bleve.NewFacetRequest(f, facetSize))
		}
	}
	sr, err := ix.search(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search precedents %q: %w", text, err)
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
	terms := ix.terms(text)
	if len(terms) == 0 || n <= 0 {
		return nil, nil
	}
	dq := textQuery(terms, map[string]float64{fClause: 2, fSentence: 1})
	// A long clause must share a fair part of its words, or every
	// precedent with 村民 in it would come back.
	if len(terms) >= 6 {
		dq.(*query.DisjunctionQuery).SetMin(float64(max(2, len(terms)/4)))
	}
	req := bleve.NewSearchRequestOptions(dq, n+1, 0, false)
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
// (nil when none).
func (ix *Index) Similar(ctx context.Context, clause, rule string) ([]precedent.Scored, *precedent.Scored, error) {
	hits, err := ix.MoreLikeThis(ctx, clause, 12, "")
	if err != nil {
		return nil, nil, err
	}
	cands := make([]precedent.Precedent, len(hits))
	for i, h := range hits {
		cands[i] = h.Precedent
	}
	ranked := precedent.Rank(clause, cands)
	lawful := precedent.LikelyLawful(rule, ranked)
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
