package index

import (
	"context"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"lawreview/corpus"
	"lawreview/review"
)

// The judged sets of testdata/search (see the headers of its files).

// evalProvince is the province the judged queries are searched from.
const evalProvince = "浙江"

type judgedQuery struct {
	ID      string   `yaml:"id"`
	Query   string   `yaml:"query"`
	Need    string   `yaml:"need"`
	Heldout bool     `yaml:"heldout"`
	Round   int      `yaml:"round"` // the round the query was written in
	Expect  []string `yaml:"expect"`
	// Judged grades under the round-2 protocol, Round1 under round 1's
	// (testdata/search/README.md); round-2 queries have no Round1.
	Judged map[string]string `yaml:"judged"`
	Round1 map[string]string `yaml:"round1"`
}

// group is where a query is reported: tuned on, or one of the held-out
// sets.
func (q judgedQuery) group() string {
	switch {
	case !q.Heldout:
		return "tuned on"
	case q.Round >= 17:
		return "held out, round 17"
	case q.Round >= 16:
		return "held out, round 16"
	case q.Round >= 15:
		return "held out, round 15"
	case q.Round >= 14:
		return "held out, round 14"
	case q.Round >= 13:
		return "held out, round 13"
	case q.Round >= 12:
		return "held out, round 12"
	case q.Round >= 7:
		return "held out, round 7"
	case q.Round >= 6:
		return "held out, round 6"
	case q.Round >= 4:
		return "held out, round 4"
	case q.Round >= 2:
		return "held out, round 2"
	}
	return "held out, round 1"
}

type judgedFinding struct {
	ID       string            `yaml:"id"`
	Draft    string            `yaml:"draft"`
	Rule     string            `yaml:"rule"`
	Title    string            `yaml:"title"`
	Quote    string            `yaml:"quote"`
	Sentence string            `yaml:"sentence"`
	Basis    []string          `yaml:"basis"`
	Judged   map[string]string `yaml:"judged"`
}

var grades = map[string]int{"relevant": 2, "partly": 1, "not": 0}

func loadJudged[T any](t testing.TB, name string, min int) []T {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "search", name))
	if err != nil {
		t.Fatal(err)
	}
	var out []T
	if err := yaml.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if len(out) < min {
		t.Fatalf("%s has %d entries, want at least %d", name, len(out), min)
	}
	return out
}

// checkJudgments fails on a grade that is not one of the three, and on a
// judged article that is not in the corpus (a typo must not pass as "not
// shown").
func checkJudgments(t *testing.T, c *corpus.Corpus, where string, judged map[string]string) {
	t.Helper()
	for k, g := range judged {
		if _, ok := grades[g]; !ok {
			t.Errorf("%s: %s graded %q", where, k, g)
		}
		name, label, ok := cutKey(k)
		if !ok {
			t.Errorf("%s: key %q is not \"<law> <article>\"", where, k)
			continue
		}
		if _, _, err := c.Article(name, label, time.Time{}); err != nil {
			t.Errorf("%s: %s: %v", where, k, err)
		}
	}
}

// cutKey splits "<law> <article>" at the last space (a local regulation's
// title has none, but be safe).
func cutKey(k string) (string, string, bool) {
	i := strings.LastIndex(k, " ")
	if i <= 0 {
		return "", "", false
	}
	return k[:i], k[i+1:], true
}

func hitKey(h Hit) string { return h.ShortName + " " + h.Article }

// scores of one ranked list against graded judgments.
type scores struct {
	n                     int
	p5, p5half, top1, dcg float64
	// what a perfect ranking would score given the articles judged
	// relevant (an article nobody judged counts as not relevant): the
	// mean of min(relevant known, 5)/5, and the share of queries with one
	ceilP5, ceilTop1 float64
}

func (s *scores) add(shown []string, judged map[string]string) {
	s.n++
	k := min(5, len(shown))
	rel, half := 0.0, 0.0
	dcg := 0.0
	for i, key := range shown[:k] {
		g := grades[judged[key]]
		if g == 2 {
			rel++
		}
		half += float64(g) / 2
		dcg += (math.Pow(2, float64(g)) - 1) / math.Log2(float64(i+2))
	}
	if k > 0 {
		s.p5 += rel / float64(k)
		s.p5half += half / float64(k)
	}
	if len(shown) > 0 && grades[judged[shown[0]]] == 2 {
		s.top1++
	}
	var ideal []int
	for _, g := range judged {
		ideal = append(ideal, grades[g])
	}
	sort.Sort(sort.Reverse(sort.IntSlice(ideal)))
	idcg := 0.0
	for i := 0; i < min(5, len(ideal)); i++ {
		idcg += (math.Pow(2, float64(ideal[i])) - 1) / math.Log2(float64(i+2))
	}
	if idcg > 0 {
		s.dcg += dcg / idcg
	}
	known := 0
	for _, g := range judged {
		if g == "relevant" {
			known++
		}
	}
	s.ceilP5 += float64(min(known, 5)) / 5
	if known > 0 {
		s.ceilTop1++
	}
}

func (s scores) String() string {
	n := float64(max(s.n, 1))
	return fmt.Sprintf("%d queries: precision@5 %.2f (partly as half %.2f), top-1 relevant %.2f, nDCG@5 %.2f; ceiling %.2f / %.2f",
		s.n, s.p5/n, s.p5half/n, s.top1/n, s.dcg/n, s.ceilP5/n, s.ceilTop1/n)
}

func (s scores) plus(o scores) scores {
	return scores{n: s.n + o.n, p5: s.p5 + o.p5, p5half: s.p5half + o.p5half, top1: s.top1 + o.top1, dcg: s.dcg + o.dcg,
		ceilP5: s.ceilP5 + o.ceilP5, ceilTop1: s.ceilTop1 + o.ceilTop1}
}

// Floors on the whole corpus, just under what the ranking achieves on all
// judged queries under the round-2 protocol (docs/index-benchmarks.md): a
// change that loses relevance fails here. Issue 12 asked for search
// precision@5 0.60 and top-1 0.80; round 4 reaches 0.45 and 0.80, the
// latter by one query and not on the held-out sets (0.63 on round 4's
// fresh queries, see the docs), so the search floors guard what is
// reached, with a margin, not the goal.
const (
	minSearchP5     = 0.44
	minSearchTop1   = 0.77
	minRelatedPoint = 0.58
	minRelatedBasis = 0.95
)

// TestEvalSearch scores the judged adviser queries on the whole corpus,
// under both protocols, the tuned-on and each held-out set apart.
func TestEvalSearch(t *testing.T) {
	ix, c := fullIndex(t)
	old := learnedRank
	defer func() { learnedRank = old }()
	if *evalCurrent {
		learnedRank = false
	}
	if *evalLearned {
		learnedRank = true
	}
	textOf, restore := poolRanking(t, *poolWay)
	defer restore()
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	groups := []string{"tuned on", "held out, round 1", "held out, round 2", "held out, round 4", "held out, round 6", "held out, round 7", "held out, round 12", "held out, round 13", "held out, round 14", "held out, round 15", "held out, round 16", "held out, round 17"}
	round2, round1 := map[string]*scores{}, map[string]*scores{}
	for _, g := range groups {
		round2[g], round1[g] = &scores{}, &scores{}
	}
	jf := newJudgeList()
	// main's top fives scored with the second judge's grades in place of
	// the first's on the sampled pairs (judge2_test.go), all queries
	second := loadSecond(t, qs)
	var byFirst, bySecond scores
	shownSampled, shownChanged := 0, 0
	for _, q := range qs {
		checkJudgments(t, c, q.ID, q.Judged)
		checkJudgments(t, c, q.ID, q.Round1)
		if q.Round < 2 && len(q.Round1) == 0 {
			t.Errorf("%s: a round-1 query without round-1 grades", q.ID)
		}
		r, err := ix.Search(context.Background(), Query{Text: textOf(q), Province: evalProvince, Size: max(5, *poolTop)})
		if err != nil {
			t.Fatalf("%s: %v", q.ID, err)
		}
		var keys, texts []string
		line := []string{}
		for _, h := range r.Hits {
			keys = append(keys, hitKey(h))
			texts = append(texts, h.Level+"｜"+h.Text)
			g := q.Judged[hitKey(h)]
			if g == "" {
				g = "?"
			}
			line = append(line, fmt.Sprintf("%s[%s]", hitKey(h), g))
		}
		t.Logf("%s %s: %s", q.ID, q.Query, strings.Join(line, " "))
		jf.add(q.ID, fmt.Sprintf("%s（%s）", q.Query, q.Need), keys, texts, q.Judged)
		round2[q.group()].add(keys, q.Judged)
		if q.Round < 6 {
			// the 130 queries the second judge's sample was drawn from
			byFirst.add(keys, q.Judged)
			bySecond.add(keys, withSecond(q.Judged, second[q.ID]))
		}
		for _, k := range keys {
			if g, ok := second[q.ID][k]; ok {
				shownSampled++
				if g != q.Judged[k] {
					shownChanged++
				}
			}
		}
		if len(q.Round1) > 0 {
			round1[q.group()].add(keys, q.Round1)
		}
	}
	t.Logf("search, whole corpus (%d articles), office in %s:", ix.Articles(), evalProvince)
	// The floors and "all" are the 100 queries of rounds 1–2, the set the
	// figures of earlier rounds are quoted on; round 4's queries are
	// reported apart (written unjudged, judged blind at the round's end).
	var all, all1 scores
	for _, g := range groups[:3] {
		all, all1 = all.plus(*round2[g]), all1.plus(*round1[g])
	}
	t.Logf("  round-2 protocol, rounds 1–2   %s", all)
	var every scores
	for _, g := range groups {
		every = every.plus(*round2[g])
	}
	t.Logf("  round-2 protocol, all queries  %s", every)
	for _, g := range groups {
		t.Logf("  round-2 protocol, %-17s %s", g, round2[g])
	}
	t.Logf("  round-1 protocol, all          %s", all1)
	for _, g := range groups[:2] {
		t.Logf("  round-1 protocol, %-17s %s", g, round1[g])
	}
	t.Logf("  first judge's grades           %s", byFirst)
	t.Logf("  second judge's on the sample   %s", bySecond)
	t.Logf("  (precision@5 %.3f → %.3f: %d sampled pairs in main's top fives, %d graded otherwise by the second judge)",
		byFirst.p5/float64(byFirst.n), bySecond.p5/float64(bySecond.n), shownSampled, shownChanged)
	jf.write(t, ".search")
	n := float64(all.n)
	if all.p5/n < minSearchP5 || all.top1/n < minSearchTop1 {
		t.Errorf("precision@5 %.2f, top-1 %.2f below the floors %.2f, %.2f", all.p5/n, all.top1/n, minSearchP5, minSearchTop1)
	}
}

var (
	evalCurrent = flag.Bool("current", false, "TestEvalSearch: score the current ranking (the learned order off, learn.go; off by default since round 13b)")
	evalLearned = flag.Bool("learned", false, "TestEvalSearch: score with the learned order on (learn.go; off by default since round 13b)")
)

// TestLearnedCost times the judged queries' searches with the learned
// ranking off and on, alternated (-learncost; the machine's load moves
// wall times, so the runs alternate).
func TestLearnedCost(t *testing.T) {
	if !*learnedCost {
		t.Skip("no -learncost")
	}
	ix, _ := fullIndex(t)
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	old := learnedRank
	defer func() { learnedRank = old }()
	times := map[bool][]time.Duration{}
	for run := 0; run < 6; run++ {
		on := run%2 == 1
		learnedRank = on
		for _, q := range qs {
			start := time.Now()
			if _, err := ix.Search(context.Background(), Query{Text: q.Query, Province: evalProvince, Size: 10}); err != nil {
				t.Fatal(err)
			}
			if run >= 2 { // the first pair warms the caches
				times[on] = append(times[on], time.Since(start))
			}
		}
	}
	for _, on := range []bool{false, true} {
		ts := times[on]
		slices.Sort(ts)
		t.Logf("learned %v: %d searches, p50 %v, p95 %v", on, len(ts), ts[len(ts)/2], ts[len(ts)*95/100])
	}
}

var learnedCost = flag.Bool("learncost", false, "TestLearnedCost: time the searches with the learned ranking off and on")

// TestSearchExamples pins the examples of the judged set (the issue's):
// the expected article is among the first three.
func TestSearchExamples(t *testing.T) {
	ix, _ := fullIndex(t)
	for _, q := range loadJudged[judgedQuery](t, "queries.yaml", 60) {
		if len(q.Expect) == 0 {
			continue
		}
		r, err := ix.Search(context.Background(), Query{Text: q.Query, Province: evalProvince, Size: 3})
		if err != nil {
			t.Fatalf("%s: %v", q.ID, err)
		}
		var got []string
		for _, h := range r.Hits {
			got = append(got, hitKey(h))
		}
		for _, want := range q.Expect {
			if !contains(got, want) {
				t.Errorf("%s %s: first three %v, want %s among them", q.ID, q.Query, got, want)
			}
		}
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// relatedQueryOf is the question the review engine asks about a finding.
func relatedQueryOf(t *testing.T, c *corpus.Corpus, f judgedFinding) review.RelatedQuery {
	q := review.RelatedQuery{Clause: f.Quote, Sentence: f.Sentence, Rule: f.Rule, Title: f.Title}
	for _, b := range f.Basis {
		name, label, ok := cutKey(b)
		if !ok {
			t.Fatalf("%s: basis %q", f.ID, b)
		}
		law, a, err := c.Article(name, label, time.Time{})
		if err != nil {
			t.Fatalf("%s: basis %s: %v", f.ID, b, err)
		}
		q.Basis = append(q.Basis, review.Basis{Law: law.Name, Article: a.Label, Text: a.Text})
	}
	return q
}

// TestEvalRelated scores the related articles of the judged findings on
// the whole corpus: the share of the articles shown that are on point, and
// how often the finding's own basis is among them.
func TestEvalRelated(t *testing.T) {
	ix, c := fullIndex(t)
	fs := loadJudged[judgedFinding](t, "findings.yaml", 60)
	point, half, basis := evalRelated(t, ix, c, fs, true)
	if point < minRelatedPoint || basis < minRelatedBasis {
		t.Errorf("on point %.2f, basis %.2f below the floors %.2f, %.2f", point, basis, minRelatedPoint, minRelatedBasis)
	}
	_ = half
}

// evalRelated returns the on-point share, the same with partly relevant
// articles as half, and the share of findings whose basis is shown.
func evalRelated(t *testing.T, ix *Index, c *corpus.Corpus, fs []judgedFinding, verbose bool) (point, half, basis float64) {
	t.Helper()
	jf := newJudgeList()
	for _, f := range fs {
		checkJudgments(t, c, f.ID, f.Judged)
		rs, err := ix.Related(relatedQueryOf(t, c, f), 3)
		if err != nil {
			t.Fatalf("%s: %v", f.ID, err)
		}
		var keys, texts, line []string
		hasBasis := false
		rel, h := 0.0, 0.0
		for _, r := range rs {
			k := strings.TrimPrefix(r.Law, "中华人民共和国") + " " + r.Article
			keys = append(keys, k)
			texts = append(texts, r.Text)
			g := grades[f.Judged[k]]
			if g == 2 {
				rel++
			}
			h += float64(g) / 2
			hasBasis = hasBasis || contains(f.Basis, k)
			mark := f.Judged[k]
			if mark == "" {
				mark = "?"
			}
			line = append(line, fmt.Sprintf("%s[%s]", k, mark))
		}
		if len(rs) > 0 {
			point += rel / float64(len(rs))
			half += h / float64(len(rs))
		}
		if hasBasis {
			basis++
		}
		if verbose {
			t.Logf("%s %s %s: %s", f.ID, f.Rule, f.Quote, strings.Join(line, " "))
		}
		jf.add(f.ID, fmt.Sprintf("%s｜%s｜%s｜依据 %v", f.Rule, f.Title, f.Sentence, f.Basis), keys, texts, f.Judged)
	}
	n := float64(len(fs))
	t.Logf("related articles, whole corpus, %d findings: on point %.2f (partly as half %.2f), the finding's basis among them %.2f",
		len(fs), point/n, half/n, basis/n)
	if verbose {
		jf.write(t, ".related")
	}
	return point / n, half / n, basis / n
}
