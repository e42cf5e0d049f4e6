package index

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Round 13b (issue 12): does the learned order generalise? On the two
// fresh groups graded blind (rounds 12 and 13) the shipped order had a
// lower top-1 than the current ranking. Leave-group-out measures it: for
// each group of queries, the order is fitted (λ chosen by chooseLambda's
// inner folds) on the other groups only and scores that group, beside the
// current ranking. docs/index-benchmarks.md, "Law search, round 13b".
//
//	go test ./index -run 'TestLearnGroupOut$' -learngroupout -learncache /tmp/lists.json -v -count=1
//
// Without -learn13 the ways are chosen on the groups before round 13 only
// (round 13 neither trains nor is scored); -learn13 adds round 13, each
// group then fitted on all the others.

var (
	learnGroupOut = flag.Bool("learngroupout", false, "leave-group-out figures of the learned order (TestLearnGroupOut)")
	learnCache    = flag.String("learncache", "", "TestLearnGroupOut: read the judged queries' lists and features from this file, or write them there (a scratch file: stale once the ranking or the features change)")
	learn13       = flag.Bool("learn13", false, "TestLearnGroupOut: round 13 trains and is scored too (its figure is a check, not a choice)")
)

// cachedList is one query's list as learnLists makes it.
type cachedList struct {
	ID     string
	Traced bool
	Keys   []string
	Texts  []string
	X      [][]float64
}

// groupOutLists is learnLists, read from -learncache when it holds every
// query with today's features (so the ways can be tried without the whole
// corpus).
func groupOutLists(t *testing.T, qs []judgedQuery) []learnQuery {
	t.Helper()
	if *learnCache != "" {
		if b, err := os.ReadFile(*learnCache); err == nil {
			var cl []cachedList
			if err := json.Unmarshal(b, &cl); err != nil {
				t.Fatal(err)
			}
			by := map[string]cachedList{}
			for _, c := range cl {
				by[c.ID] = c
			}
			var out []learnQuery
			for _, q := range qs {
				c, ok := by[q.ID]
				if !ok {
					t.Fatalf("%s: %s not in the cache", *learnCache, q.ID)
				}
				lq := learnQuery{q: q, traced: c.Traced}
				for i, k := range c.Keys {
					var x []float64
					if c.X != nil {
						x = c.X[i]
						if len(x) != len(featureNames) {
							t.Fatalf("%s: %d features, want %d", *learnCache, len(x), len(featureNames))
						}
					}
					lq.cands = append(lq.cands, learnCand{key: k, text: c.Texts[i], x: x})
				}
				out = append(out, lq)
			}
			t.Logf("lists read from %s", *learnCache)
			return out
		}
	}
	ix, _ := fullIndex(t)
	lqs := learnLists(t, ix, qs)
	if *learnCache != "" {
		var cl []cachedList
		for _, lq := range lqs {
			c := cachedList{ID: lq.q.ID, Traced: lq.traced}
			for _, cd := range lq.cands {
				c.Keys = append(c.Keys, cd.key)
				c.Texts = append(c.Texts, cd.text)
				if cd.x != nil {
					c.X = append(c.X, cd.x)
				}
			}
			if len(c.X) != len(c.Keys) {
				c.X = nil
			}
			cl = append(cl, c)
		}
		b, err := json.Marshal(cl)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(*learnCache, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return lqs
}

// groupWay is a way of learning the order: the fit, and which part of the
// current ranking's list the model orders again.
type groupWay struct {
	name string
	o    fitOpts
	// lambdas: chooseLambda's grid (nil: learnLambdas)
	lambdas []float64
	// window: the model orders the first window candidates (0: all of
	// learnWindow); below: it leaves the current first hit first
	window int
	below  bool
	// stableSigns: only the features whose fitted weight keeps its sign
	// in every leave-group-out fit inside the training groups
	stableSigns bool
}

// span is the part of a list the way orders: [from, to).
func (w groupWay) span(lq learnQuery) (int, int) {
	to := len(lq.cands)
	if w.window > 0 {
		to = min(to, w.window)
	}
	from := 0
	if w.below {
		from = min(1, to)
	}
	return from, to
}

// view is the lists as the way's model sees them: each query's span.
func (w groupWay) view(lqs []learnQuery) []learnQuery {
	out := make([]learnQuery, len(lqs))
	for i, lq := range lqs {
		out[i] = lq
		if lq.traced {
			from, to := w.span(lq)
			out[i].cands = lq.cands[from:to]
		}
	}
	return out
}

// order is the keys of lq in the way's order under m.
func (w groupWay) order(m linModel, lq learnQuery) []string {
	keys := currentOrder(lq)
	if !lq.traced {
		return keys
	}
	from, to := w.span(lq)
	sub := lq
	sub.cands = lq.cands[from:to]
	copy(keys[from:to], m.reorder(sub))
	return keys
}

// fit fits the way on train (indices of lqs, the way's view).
func (w groupWay) fit(view []learnQuery, train []int, groups map[int]string) (linModel, float64) {
	o := w.o
	if w.stableSigns {
		o.use = stableFeatures(view, train, groups, w)
	}
	saved := learnLambdas
	if w.lambdas != nil {
		learnLambdas = w.lambdas
	}
	o = chooseLambda(view, train, o)
	learnLambdas = saved
	return fitPairwise(view, train, o), o.lambda
}

// stableFeatures are the features whose weight has the same sign in every
// fit that leaves one of train's groups out (λ chosen once on all of
// train); the current score (the prior) is always kept.
func stableFeatures(view []learnQuery, train []int, groups map[int]string, w groupWay) []bool {
	saved := learnLambdas
	if w.lambdas != nil {
		learnLambdas = w.lambdas
	}
	o := chooseLambda(view, train, w.o)
	learnLambdas = saved
	var names []string
	seen := map[string]bool{}
	for _, i := range train {
		if g := groups[i]; !seen[g] {
			seen[g] = true
			names = append(names, g)
		}
	}
	pos, neg := make([]int, len(featureNames)), make([]int, len(featureNames))
	for _, g := range names {
		var in []int
		for _, i := range train {
			if groups[i] != g {
				in = append(in, i)
			}
		}
		for j, v := range fitPairwise(view, in, o).raw() {
			switch {
			case v > 1e-6:
				pos[j]++
			case v < -1e-6:
				neg[j]++
			}
		}
	}
	use := clone(w.o.use)
	for j := range use {
		if j != featCurrent && pos[j] > 0 && neg[j] > 0 {
			use[j] = false
		}
	}
	return use
}

// leaveGroupOut scores each group of scored with the way fitted on the
// queries of the groups in pool other than it.
func leaveGroupOut(lqs []learnQuery, pool, scored []string, w groupWay) (cvResult, map[string]float64, map[string]linModel, map[string][]string) {
	view := w.view(lqs)
	groups := map[int]string{}
	inPool := map[string]bool{}
	for _, g := range pool {
		inPool[g] = true
	}
	for i, lq := range lqs {
		groups[i] = lq.q.group()
	}
	r := newCV()
	lambdas := map[string]float64{}
	models := map[string]linModel{}
	orders := map[string][]string{}
	for _, g := range scored {
		var train []int
		for i := range lqs {
			if inPool[groups[i]] && groups[i] != g {
				train = append(train, i)
			}
		}
		m, l := w.fit(view, train, groups)
		lambdas[g], models[g] = l, m
		for i, lq := range lqs {
			if groups[i] == g {
				orders[lq.q.ID] = w.order(m, lq)
				r.add(lq, orders[lq.q.ID])
			}
		}
	}
	return r, lambdas, models, orders
}

// paired counts, over the queries of groups, those whose first hit is
// relevant in one order and not in the current one, and those where the
// way's top five holds more or fewer relevant articles.
func paired(lqs []learnQuery, groups []string, orders map[string][]string) (top1Won, top1Lost, p5Won, p5Lost int) {
	rel := func(keys []string, j map[string]string) (first bool, n int) {
		for i, k := range keys[:min(5, len(keys))] {
			if j[k] == "relevant" {
				n++
				if i == 0 {
					first = true
				}
			}
		}
		return
	}
	for _, lq := range lqs {
		if !slices.Contains(groups, lq.q.group()) {
			continue
		}
		f1, n1 := rel(orders[lq.q.ID], lq.q.Judged)
		f0, n0 := rel(currentOrder(lq), lq.q.Judged)
		switch {
		case f1 && !f0:
			top1Won++
		case f0 && !f1:
			top1Lost++
		}
		switch {
		case n1 > n0:
			p5Won++
		case n1 < n0:
			p5Lost++
		}
	}
	return
}

func TestLearnGroupOut(t *testing.T) {
	if !*learnGroupOut {
		t.Skip("run with -learngroupout")
	}
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	lqs := groupOutLists(t, qs)
	// rounds 14 (q251–q280), 15 (q281–q310), 16 (q311–q340) and 17
	// (q341–q370) are the groups written to score branches against main;
	// they are left out here as round 13 is unless asked.
	branchGroups := func(gs []string) []string {
		for _, g := range []string{"held out, round 14", "held out, round 15", "held out, round 16", "held out, round 17"} {
			gs = slicesWithout(gs, g)
		}
		return gs
	}
	groups := branchGroups(slicesWithout(learnGroups, "held out, round 13"))
	if *learn13 {
		groups = branchGroups(learnGroups)
	}
	fit := learnedFit()
	big := []float64{0.01, 0.1, 1, 10, 100, 1000}
	ways := []groupWay{
		{name: "shipped way (λ by inner folds)", o: fit},
		{name: "λ ≥ 10", o: withMin(fit, 10), lambdas: big},
		{name: "λ ≥ 100", o: withMin(fit, 100), lambdas: big},
		{name: "λ = 1000", o: withMin(fit, 1000), lambdas: big},
		{name: "stable signs", o: fit, stableSigns: true},
		{name: "window 10", o: fit, window: 10},
		{name: "window 20", o: fit, window: 20},
		{name: "below the first hit", o: fit, below: true},
		{name: "below the first hit, window 10", o: fit, below: true, window: 10},
		{name: "stable signs, λ ≥ 10", o: withMin(fit, 10), lambdas: big, stableSigns: true},
	}
	if *learnWays != "" {
		re := regexp.MustCompile(*learnWays)
		var keep []groupWay
		for _, w := range ways {
			if re.MatchString(w.name) {
				keep = append(keep, w)
			}
		}
		ways = keep
	}
	heldout := slicesWithout(groups, "tuned on")
	t.Logf("| ranking | %s | held out, pooled | all, pooled |", strings.Join(groups, " | "))
	t.Logf("|---|%s---|---|", strings.Repeat("---|", len(groups)))
	row := func(name string, r cvResult) {
		var cells []string
		var ho, every scores
		for _, g := range groups {
			s := r.by[g]
			n := float64(max(s.n, 1))
			cells = append(cells, fmt.Sprintf("%.3f / %.3f / %.3f", s.p5/n, s.top1/n, s.dcg/n))
			every = every.plus(*s)
		}
		for _, g := range heldout {
			ho = ho.plus(*r.by[g])
		}
		f := func(s scores) string {
			n := float64(max(s.n, 1))
			return fmt.Sprintf("%.3f / %.3f / %.3f (%d)", s.p5/n, s.top1/n, s.dcg/n, s.n)
		}
		t.Logf("| %s | %s | %s | %s |", name, strings.Join(cells, " | "), f(ho), f(every))
	}
	cur := newCV()
	for _, lq := range lqs {
		if slices.Contains(groups, lq.q.group()) {
			cur.add(lq, currentOrder(lq))
		}
	}
	row("current (`-current`)", cur)
	for _, w := range ways {
		r, lambdas, models, orders := leaveGroupOut(lqs, groups, groups, w)
		var ls []string
		for _, g := range groups {
			ls = append(ls, fmt.Sprintf("%v", lambdas[g]))
		}
		row(fmt.Sprintf("%s, out of group (λ %s)", w.name, strings.Join(ls, ",")), r)
		for _, gs := range [][]string{heldout, groups, {"held out, round 13"}} {
			tw, tl, pw, pl := paired(lqs, gs, orders)
			t.Logf("    against current on %d groups (%s…): first hit relevant +%d −%d queries; more/fewer relevant in the top five +%d −%d queries", len(gs), gs[0], tw, tl, pw, pl)
		}
		if testing.Verbose() {
			for _, g := range groups {
				m := models[g]
				var ws []string
				for i, v := range m.raw() {
					if m.use[i] {
						ws = append(ws, fmt.Sprintf("%s %.2f", featureNames[i], v))
					}
				}
				t.Logf("    without %s: %s", g, strings.Join(ws, ", "))
			}
		}
	}
}

func withMin(o fitOpts, l float64) fitOpts {
	o.minLambda = l
	return o
}

func slicesWithout(s []string, x string) []string {
	return slices.DeleteFunc(slices.Clone(s), func(v string) bool { return v == x })
}
