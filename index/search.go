package index

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"lawreview/corpus"
)

// Query is a search of the law index.
type Query struct {
	Text        string // words, "quoted phrases", -excluded words
	Law         string // restrict to laws whose full or short name contains this ("" = all)
	Level       string // 法律, 行政法规, ... ("" = all)
	Region      string // province of local regulations ("" = all)
	Status      string // current, superseded, repealed; "" = current unless AllVersions
	AllVersions bool   // search every version, in force or not
	Phrase      bool   // the whole Text is one phrase
	From, Size  int    // pagination; Size 0 = DefaultSize
}

// Search limits.
const (
	DefaultSize = 10
	MaxSize     = 100
	// MaxFrom bounds the offset of a page: bleve allocates from+size
	// slots, so an unbounded offset is an allocation a client chooses.
	MaxFrom = 10000
	// Phrases are verified against the stored text of the candidates,
	// so a phrase search looks at this many candidates at most.
	maxPhraseCandidates = 2000
	maxSearchTerms      = 16
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
}

// Hit is one article, with enough stored data to show it without the
// corpus.
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

var storedFields = []string{fArt, fText}

// Search runs q and returns one page of hits, best first.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
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

	pq := parseQuery(q.Text)
	if q.Phrase {
		if t := strings.TrimSpace(q.Text); t != "" {
			pq = parsedQuery{Phrases: []string{t}}
		}
	}
	if pq.empty() {
		return nil, ErrEmptyQuery
	}

	res := &Result{From: from, Size: size, Exact: true}
	filter, lawNames, err := ix.filters(q)
	if err != nil {
		return nil, err
	}
	res.LawFilter = lawNames

	// Words: any may match, the more the better (bleve's disjunction
	// scales a score by the share of terms matched).
	var all []string
	seen := map[string]bool{}
	add := func(ts []string) {
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				all = append(all, t)
			}
		}
	}
	for _, w := range pq.Words {
		add(ix.terms(w))
	}
	var phraseTerms [][]string
	for _, p := range pq.Phrases {
		ts := ix.terms(p)
		phraseTerms = append(phraseTerms, ts)
		add(ts)
	}
	res.Terms = all
	if len(all) == 0 {
		return res, nil // only stop words or punctuation: nothing can match
	}
	// A user's few words are all searched for; a pasted paragraph loses
	// its most frequent words.
	share := 1.0
	if len(all) > maxSearchTerms/2 {
		share = 0.2
	}
	should, err := ix.selectTerms(all, maxSearchTerms, share, maxSearchTerms/2)
	if err != nil {
		return nil, err
	}

	// A typed word that no article uses (外嫁女) is replaced by the
	// statutory words for it (妇女, 结婚); words the law itself uses are
	// searched as typed, so the counts stay those of the words.
	var unknown []string
	for _, w := range pq.Words {
		ts := ix.terms(w)
		dfs, err := ix.docFreqs(ts)
		if err != nil {
			return nil, err
		}
		if len(ts) > 0 && slices.Max(dfs) == 0 {
			unknown = append(unknown, w)
		}
	}
	var extra []string
	if len(unknown) > 0 {
		extra = ix.expand(strings.Join(unknown, " "), seen)
	}
	bq := bleve.NewBooleanQuery()
	if len(should)+len(extra) > 0 {
		qs := make([]query.Query, 0, len(should)+len(extra))
		for _, t := range should {
			qs = append(qs, kwQuery(fText, t))
		}
		for _, t := range extra {
			tq := bleve.NewTermQuery(t)
			tq.SetField(fText)
			tq.SetBoost(expansionWeight)
			qs = append(qs, tq)
		}
		bq.AddShould(bleve.NewDisjunctionQuery(qs...))
	}
	for _, ts := range phraseTerms {
		// Every word of a phrase must be there; the order is checked on
		// the stored text below.
		if len(ts) > 0 {
			bq.AddMust(conjunction(ts))
		}
	}
	for _, w := range pq.Exclude {
		if ts := ix.terms(w); len(ts) > 0 {
			bq.AddMustNot(conjunction(ts))
		}
	}
	if bq.Must == nil && bq.Should == nil {
		return res, nil // only stop words or punctuation: nothing can match
	}
	if filter != nil {
		bq.AddFilter(filter)
	}

	mark := map[string]bool{}
	for _, t := range append(all, extra...) {
		mark[t] = true
	}
	verify := len(pq.Phrases) > 0
	var req *bleve.SearchRequest
	if verify {
		req = bleve.NewSearchRequestOptions(bq, maxPhraseCandidates, 0, false)
	} else {
		req = bleve.NewSearchRequestOptions(bq, size, from, false)
	}
	req.Fields = storedFields
	sr, err := ix.bi.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	hits := sr.Hits
	res.Total = sr.Total
	if verify {
		kept := hits[:0]
		for _, h := range hits {
			if containsPhrases(str(h.Fields[fText]), pq.Phrases) {
				kept = append(kept, h)
			}
		}
		res.Total = uint64(len(kept))
		res.Exact = sr.Total <= maxPhraseCandidates
		if from >= len(kept) {
			kept = nil
		} else {
			kept = kept[from:min(len(kept), from+size)]
		}
		hits = kept
	}
	for _, h := range hits {
		hit := ix.hitFrom(h)
		hit.Fragments = fragments(ix.an, hit.Text, mark, pq.Phrases)
		res.Hits = append(res.Hits, hit)
	}
	res.Took = time.Since(start)
	return res, nil
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

// filters returns the non-scoring restrictions of q, and the law names the
// Law filter matched.
func (ix *Index) filters(q Query) (query.Query, []string, error) {
	var fs []query.Query
	status := q.Status
	if status == "" && !q.AllVersions {
		status = string(corpus.StatusCurrent)
	}
	if status != "" {
		switch corpus.Status(status) {
		case corpus.StatusCurrent, corpus.StatusSuperseded, corpus.StatusRepealed:
		default:
			return nil, nil, &InputError{Msg: fmt.Sprintf("未知的效力状态“%s”（可用：current 现行有效、superseded 已被修改、repealed 已废止）", status)}
		}
		fs = append(fs, kwQuery(fTags, tagStatus+status))
	}
	if q.Level != "" {
		fs = append(fs, kwQuery(fTags, tagLevel+q.Level))
	}
	if q.Region != "" {
		fs = append(fs, kwQuery(fTags, tagRegion+q.Region))
	}
	var names []string
	if q.Law != "" {
		var err error
		names, err = ix.matchLaws(q.Law)
		if err != nil {
			return nil, nil, err
		}
		if len(names) == 0 {
			return nil, nil, &InputError{Msg: fmt.Sprintf("索引中没有名称含“%s”的法律", q.Law)}
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
	switch len(fs) {
	case 0:
		return nil, names, nil
	case 1:
		return fs[0], names, nil
	}
	return bleve.NewConjunctionQuery(fs...), names, nil
}

// maxLawMatches bounds the laws a --law filter may stand for: 条例 alone
// would match thousands.
const maxLawMatches = 200

// matchLaws finds the law names (full or short) for a --law value: the
// exact name if there is one, else every name containing it.
func (ix *Index) matchLaws(s string) ([]string, error) {
	s = strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "《》"))
	keys := ix.lawNames
	short := strings.TrimPrefix(s, "中华人民共和国")
	for _, k := range keys {
		if k == s || k == short {
			return []string{k}, nil
		}
	}
	var out []string
	for _, k := range keys {
		if strings.Contains(k, short) {
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

// hitFrom fills a hit from the stored fields of its article and the law
// table entry of its law.
func (ix *Index) hitFrom(h *search.DocumentMatch) Hit {
	f := h.Fields
	label, number, sub, chapter := unpackArt(str(f[fArt]))
	hit := Hit{
		ID:      h.ID,
		LawID:   lawIDOf(h.ID),
		Article: label,
		Number:  number,
		Sub:     sub,
		Chapter: chapter,
		Text:    str(f[fText]),
		Score:   h.Score,
	}
	if m := ix.laws[hit.LawID]; m != nil {
		hit.Law, hit.Level, hit.Region, hit.Status, hit.Version = m.Name, m.Level, m.Region, m.Status, m.Version
		hit.ShortName = m.Short
	}
	return hit
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
