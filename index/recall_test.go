package index

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"testing"
	"time"

	"lawreview/corpus"
)

var recallMisses = flag.Bool("recallmisses", false, "TestCandidateRecall: list every relevant article outside the first 100 candidates, with why")

// TestCandidateRecall measures how many of the judged relevant articles
// of each query are among the search's candidates at all (the ranked
// list the page is cut from, relatives included), and within its first
// 5, 50 and 100, per group of queries: an article outside the candidates
// no reordering can show (round 5, docs/index-benchmarks.md). With
// -recallmisses it lists the misses beyond the 100th with the kind of
// miss, worked out from the article's text and its law's title.
func TestCandidateRecall(t *testing.T) {
	ix, c := fullIndex(t)
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	candidateRecall(t, ix, c, qs)
}

func candidateRecall(t *testing.T, ix *Index, c *corpus.Corpus, qs []judgedQuery) {
	type tally struct {
		rel, pool, at5, at50, at100, queries, full100 int
		best, best50                                  float64 // sums of min(relevant, 5)/5: known, within the first 50
	}
	byGroup := map[string]*tally{}
	var groups []string
	kinds := map[string]map[string]int{}
	defer func() { searchTrace = nil }()
	for _, q := range qs {
		g := q.group()
		if byGroup[g] == nil {
			byGroup[g] = &tally{}
			kinds[g] = map[string]int{}
			groups = append(groups, g)
		}
		tl := byGroup[g]
		var order []string
		var top []Hit // the first ten, for the citations of a miss
		searchTrace = func(ranked []candidate, rk *ranker) {
			order, top = []string{}, nil
			for i, cd := range ranked {
				h := ix.hitOf(cd)
				order = append(order, hitKey(h))
				if i < 10 {
					top = append(top, h)
				}
			}
		}
		order = nil
		r, err := ix.Search(context.Background(), Query{Text: q.Query, Province: evalProvince, Size: 5})
		if err != nil {
			t.Fatalf("%s: %v", q.ID, err)
		}
		if order == nil {
			// answered by the article it names: no candidates
			for _, h := range r.Hits {
				order = append(order, hitKey(h))
			}
		}
		at := map[string]int{}
		for i, k := range order {
			if _, ok := at[k]; !ok {
				at[k] = i + 1
			}
		}
		tl.queries++
		all := true
		known, in50 := 0, 0
		for k, gr := range q.Judged {
			if gr != "relevant" {
				continue
			}
			tl.rel++
			known++
			r, ok := at[k]
			if ok && r <= 50 {
				in50++
			}
			if ok {
				tl.pool++
			}
			switch {
			case ok && r <= 5:
				tl.at5++
				fallthrough
			case ok && r <= 50:
				tl.at50++
				fallthrough
			case ok && r <= 100:
				tl.at100++
				if *recallMisses && r > 5 {
					t.Logf("%s %s | %s | rank %d", q.ID, q.Query, k, r)
				}
				continue
			}
			all = false
			kind := missKind(t, ix, c, q.Query, k) + citedNear(t, c, k, top)
			kinds[g][kind]++
			if *recallMisses {
				where := "not a candidate"
				if ok {
					where = fmt.Sprintf("rank %d", r)
				}
				t.Logf("%s %s | %s | %s | %s", q.ID, q.Query, k, where, kind)
			}
		}
		if all {
			tl.full100++
		}
		tl.best += float64(min(known, 5)) / 5
		tl.best50 += float64(min(in50, 5)) / 5
	}
	for _, g := range groups {
		tl := byGroup[g]
		f := func(n int) string { return fmt.Sprintf("%d (%.2f)", n, float64(n)/float64(max(tl.rel, 1))) }
		t.Logf("%-17s %3d queries, %3d relevant: among the candidates %s, first 5 %s, first 50 %s, first 100 %s; queries with all within 100: %d",
			g, tl.queries, tl.rel, f(tl.pool), f(tl.at5), f(tl.at50), f(tl.at100), tl.full100)
		t.Logf("%-17s best possible precision@5: with the relevant articles known %.3f, with those among the first 50 %.3f",
			g, tl.best/float64(tl.queries), tl.best50/float64(tl.queries))
		var ks []string
		for k, n := range kinds[g] {
			ks = append(ks, fmt.Sprintf("%s %d", k, n))
		}
		t.Logf("%-17s misses beyond 100 by kind: %s", g, strings.Join(ks, ", "))
		// Round 6's figures as floors: a change to the candidates that loses
		// judged relevant articles from the first 100 fails here, not only in
		// precision@5 where the ranking's order can hide it.
		if floor, ok := candidateFloor100[g]; ok && float64(tl.at100)/float64(max(tl.rel, 1)) < floor {
			t.Errorf("%s: judged relevant articles within the first 100 candidates %d/%d, want at least %.2f", g, tl.at100, tl.rel, floor)
		}
	}
}

// candidateFloor100 holds, per query group, the share of judged relevant
// articles the first 100 candidates held at round 6 (docs/index-benchmarks.md),
// round 6's own group at round 9: round 9 judged articles no earlier ranking
// had shown (the need's words alone, known answers read from the laws), and
// the relevant ones among them lie mostly outside the candidates — main's
// code on round 9's grades holds 86 of round 6's 96 within the first 100
// (0.90), where it held 0.94 of those known before. The floor guards the
// candidates against a code change, so it is taken on the grades it runs on.
var candidateFloor100 = map[string]float64{"tuned on": 0.90, "held out, round 1": 0.84, "held out, round 2": 0.86, "held out, round 6": 0.89}

// missKind names why a relevant article may not be found: its level, and
// which of the query's concepts its text and its law's title hold.
func missKind(t *testing.T, ix *Index, c *corpus.Corpus, text, key string) string {
	name, label, _ := cutKey(key)
	law, a, err := c.Article(name, label, time.Time{})
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	cs, err := ix.concepts(parseQuery(text).Words, text, termOptions{numbers: true})
	if err != nil {
		t.Fatal(err)
	}
	body := foldLower(a.Text)
	own, added, titled := 0, 0, 0
	for _, con := range cs {
		hasOwn, hasAdded, inTitle := false, false, false
		for _, tm := range con.terms {
			in := strings.Contains(body, tm.term) || (tm.virtual && strings.Contains(stripPunct(body), tm.term))
			switch {
			case in && tm.kind == expansionTerm:
				hasAdded = true
			case in:
				hasOwn = true
			}
			if tm.kind != expansionTerm && strings.Contains(law.Name, tm.term) {
				inTitle = true
			}
		}
		switch {
		case hasOwn:
			own++
		case hasAdded:
			added++
		}
		if inTitle && !hasOwn {
			titled++
		}
	}
	level := "national"
	switch {
	case law.Level == "地方性法规":
		level = "local"
	case law.Level == "司法解释":
		level = "interpretation"
	}
	words := fmt.Sprintf("%d/%d concepts in text", own, len(cs))
	switch {
	case own == 0 && added == 0 && titled == 0:
		return level + ", no word of the query"
	case own+added+titled < len(cs) && titled > 0:
		return level + ", title carries a concept, text lacks some"
	case own+added+titled < len(cs):
		return level + ", text lacks a concept"
	case added > 0:
		return level + ", only by the added words"
	case titled > 0:
		return level + ", title carries a concept"
	}
	return level + ", all concepts in text (" + words + ")"
}

// citedNear says whether a missed article cites, or is cited by, one of the
// first ten candidates of its own law.
func citedNear(t *testing.T, c *corpus.Corpus, key string, top []Hit) string {
	name, label, _ := cutKey(key)
	_, a, err := c.Article(name, label, time.Time{})
	if err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	for _, h := range top {
		if h.ShortName != name {
			continue
		}
		if contains(innerRefs(h.Text), label) {
			return "; cited by a first-ten candidate"
		}
		if contains(innerRefs(a.Text), h.Article) {
			return "; cites a first-ten candidate"
		}
	}
	return ""
}
