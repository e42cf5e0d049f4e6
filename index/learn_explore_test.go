package index

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// Round 11 (issue 12): the order within the candidates. -learndump writes,
// for the tuned-on queries, the shipped order's first 50 with grades and
// features (what wins over a relevant article ranked 6th–50th);
// -learnexplore fits losses on the tuned-on queries only and scores each
// held-out group with them, unseen.
//
//	go test ./index -run 'TestLearnExplore$' -learnexplore -learndump /tmp/d.txt -v -count=1

var (
	learnExplore = flag.Bool("learnexplore", false, "fit feature sets on the tuned-on queries and score the held-out groups (TestLearnExplore)")
	learnDumpAll = flag.Bool("learndumpall", false, "-learndump writes every query, held-out ones too (not to be read while tuning)")
	learnDump    = flag.String("learndump", "", "write the tuned-on queries' shipped order with grades and features to this file (TestLearnExplore)")
)

// rawOrder is the keys of a list ordered by the raw weights w (stable).
func rawOrder(lq learnQuery, w []float64) []string {
	if !lq.traced {
		return currentOrder(lq)
	}
	idx := make([]int, len(lq.cands))
	s := make([]float64, len(lq.cands))
	for i, c := range lq.cands {
		idx[i] = i
		for j, v := range c.x {
			s[i] += w[j] * v
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return s[idx[a]] > s[idx[b]] })
	keys := make([]string, len(idx))
	for i, j := range idx {
		keys[i] = lq.cands[j].key
	}
	return keys
}

func TestLearnExplore(t *testing.T) {
	if !*learnExplore && *learnDump == "" {
		t.Skip("run with -learnexplore or -learndump")
	}
	ix, _ := fullIndex(t)
	qs := loadJudged[judgedQuery](t, "queries.yaml", 60)
	lqs := learnLists(t, ix, qs)
	if *learnDump != "" {
		dumpLists(t, lqs)
	}
	if !*learnExplore {
		return
	}
	var tuned []int // the tuned-on queries only, unlike learnTrain
	for i, lq := range lqs {
		if lq.q.group() == "tuned on" {
			tuned = append(tuned, i)
		}
	}
	// every way starts from the shipped fit's features and prior
	fit := learnedFit()
	all, prior := fit.use, fit.prior
	type way struct {
		name string
		o    fitOpts
	}
	// round 11 tried six more features too (branch search14-tried)
	ways := []way{
		{"judged pairs", fit},
		{"relevant pairs", fitOpts{use: all, prior: prior, judgedOnly: true, relevantPairs: true}},
		{"LambdaRank", fitOpts{use: all, prior: prior, judgedOnly: true, lambdaRank: true}},
		{"ListNet", fitOpts{use: all, prior: prior, judgedOnly: true, listNet: true}},
		{"ListNet, λ ≥ 1", fitOpts{use: all, prior: prior, judgedOnly: true, listNet: true, minLambda: 1}},
		{"ListNet, partly 0.3", fitOpts{use: all, prior: prior, judgedOnly: true, listNet: true, partlyTarget: 0.3}},
	}
	if *learnWays != "" {
		var keep []way
		for _, w := range ways {
			if regexp.MustCompile(*learnWays).MatchString(w.name) {
				keep = append(keep, w)
			}
		}
		ways = keep
	}
	groups := learnGroups
	header := "ranking (trained on) | " + strings.Join(groups, " | ") + " | held out, all 126"
	t.Log(header)
	row := func(name string, r cvResult) {
		var cells []string
		var ho scores
		for _, g := range groups {
			s := r.by[g]
			n := float64(max(s.n, 1))
			cells = append(cells, fmt.Sprintf("%.3f / %.3f / %.3f", s.p5/n, s.top1/n, s.dcg/n))
			if g != "tuned on" {
				ho = ho.plus(*s)
			}
		}
		n := float64(max(ho.n, 1))
		cells = append(cells, fmt.Sprintf("%.3f / %.3f / %.3f", ho.p5/n, ho.top1/n, ho.dcg/n))
		t.Logf("%-40s | %s", name, strings.Join(cells, " | "))
	}
	shipped := newCV()
	cur := newCV()
	for _, lq := range lqs {
		shipped.add(lq, rawOrder(lq, learned.Weights))
		cur.add(lq, currentOrder(lq))
	}
	row("current", cur)
	row("shipped learned.json", shipped)
	for _, w := range ways {
		// fitted on the tuned-on queries only: the held-out groups are
		// scored by a model that never saw them, the tuned-on group by
		// 5-fold cross-validation within it
		r := newCV()
		o := chooseLambda(lqs, tuned, w.o)
		m := fitPairwise(lqs, tuned, o)
		for i, lq := range lqs {
			if lq.q.group() != "tuned on" {
				r.add(lqs[i], m.reorder(lq))
			}
		}
		for f := 0; f < 5; f++ {
			tr, te := fold(tuned, 5, f)
			mf := fitPairwise(lqs, tr, chooseLambda(lqs, tr, w.o))
			for _, i := range te {
				r.add(lqs[i], mf.reorder(lqs[i]))
			}
		}
		row(fmt.Sprintf("%s (tuned on, λ %g)", w.name, o.lambda), r)
		var ws []string
		for i, v := range m.raw() {
			if m.use[i] {
				ws = append(ws, fmt.Sprintf("%s %.2f", featureNames[i], v))
			}
		}
		t.Logf("    weights: %s", strings.Join(ws, ", "))
	}
}

// dumpLists writes, for each tuned-on query, the shipped order's first 50:
// rank, grade, key, features, text.
func dumpLists(t *testing.T, lqs []learnQuery) {
	var b strings.Builder
	for _, lq := range lqs {
		if lq.q.group() != "tuned on" && !*learnDumpAll {
			continue
		}
		keys := rawOrder(lq, learned.Weights)
		by := map[string]learnCand{}
		for _, c := range lq.cands {
			by[c.key] = c
		}
		fmt.Fprintf(&b, "## %s %s（%s）\n", lq.q.ID, lq.q.Query, lq.q.Need)
		for i, k := range keys {
			g := lq.q.Judged[k]
			if g == "" {
				g = "-"
			}
			c := by[k]
			var fs []string
			for j, v := range c.x {
				if v != 0 {
					fs = append(fs, fmt.Sprintf("%s=%.2f", featureNames[j], v))
				}
			}
			text := []rune(c.text)
			if len(text) > 160 {
				text = text[:160]
			}
			fmt.Fprintf(&b, "%2d %-8s %s | %s\n      %s\n", i+1, g, k, strings.Join(fs, " "), strings.ReplaceAll(string(text), "\n", " "))
		}
	}
	if err := os.WriteFile(*learnDump, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
